"""Speakers on invented sentences, the constructions of development set 3 (issue 11):
unrecognised names after "according to", outlets that cite a named source, "the same evening",
object relative clauses, passive quotation by an outlet, figure verbs, headlines whose speaker is a
description, asides holding a source cue, "called" with a quotation, "dispute" as a denial, and a
figure noun whose name before it speaks."""

from __future__ import annotations

from datetime import date

from extracting import every_speaker, run


# --- "according to <a name not recognised>, <actor> ..." -------------------------------------------


def test_an_unrecognised_name_after_menurut_does_not_hand_the_statement_to_the_next_actor():
    text = "Menurut Borvanu, pasukan Angkatan Bersenjata Ukraina berhasil memukul mundur penyerang."
    assert "Armed Forces of Ukraine" not in every_speaker(text, "id")


def test_an_unrecognised_name_after_according_to_does_not_hand_the_statement_to_the_next_actor():
    text = "According to Borvanu, the Armed Forces of Ukraine pushed the attackers back across the river."
    assert "Armed Forces of Ukraine" not in every_speaker(text, "en")


def test_according_to_an_actor_still_speaks():
    assert every_speaker("Menurut Kementerian Pertahanan Ukraina, 40 drone ditembak jatuh.", "id") != []
    assert every_speaker("According to the United Nations, 40,000 people have fled the town.", "en") == ["United Nations"]


# --- an outlet that cites a named source ------------------------------------------------------------


def test_an_outlet_citing_a_named_source_carries_its_words():
    text = "The broadcaster Al Jazeera, citing the World Health Organization, reported that 12 clinics had closed."
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, x.entities[s.outlet].label if s.outlet else None) for s in x.statements] == [
        ("World Health Organization", "Al Jazeera")
    ]


def test_an_outlet_citing_a_named_source_carries_its_words_id():
    text = "Kantor berita Reuters, mengutip Organisasi Kesehatan Dunia, melaporkan 12 klinik tutup."
    x = run(text, "id")
    assert [x.entities[s.speaker].label for s in x.statements] == ["World Health Organization"]


# --- "the same evening" dates by the day named before ------------------------------------------------


def test_the_same_evening_takes_the_day_named_before():
    text = (
        "President Tomas Varga said in a televised address late on Friday that the army would hold the town. "
        "Kampala said the same evening that it was watching the border closely."
    )
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, s.date) for s in x.statements][-1] == ("Uganda", date(2025, 3, 7))


def test_malam_yang_sama_takes_the_day_named_before():
    text = (
        "Presiden Tomas Varga dalam pidato yang disiarkan televisi, Jumat (7/3), mengatakan tentara akan mempertahankan kota itu. "
        "Pada malam yang sama, Kampala menyatakan terus memantau perbatasan."
    )
    x = run(text, "id")
    assert [(x.entities[s.speaker].label, s.date) for s in x.statements][-1] == ("Uganda", date(2025, 3, 7))


# --- "a charge the Taliban reject": an object relative clause ------------------------------------


def test_an_object_relative_clause_names_its_own_speaker():
    text = "Islamabad accuses Kabul of sheltering the fighters, a charge the Taliban reject."
    assert every_speaker(text, "en") == ["Pakistan", "Taliban"]


def test_a_source_linked_to_a_name_stays_unnamed():
    assert every_speaker("An official of the Taliban said 12 people were killed.", "en") == ["unnamed"]
    assert every_speaker("Sources close to the Taliban said 12 people died.", "en") == ["unnamed"]


# --- "X was quoted by <outlet> as saying" ------------------------------------------------------------


def test_was_quoted_by_an_outlet_as_saying_is_the_person_s_statement():
    text = "Volodymyr Zelensky was quoted by the Interfax news agency as saying on Tuesday that 14 drones had been shot down."
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, s.date) for s in x.statements] == [("Volodymyr Zelensky", date(2025, 3, 11))]  # as the article spells it
    assert [q.value for q in x.statements[0].quantities] == [14]


# --- figure verbs and verbs of saying ----------------------------------------------------------------


def test_raised_its_count_to_reports_the_figure():
    text = "The World Health Organization on Monday raised its count of people killed in the floods to at least 312 people."
    x = run(text, "en")
    assert every_speaker(text, "en") == ["World Health Organization"]
    assert [q.value for q in x.statements[0].quantities] == [312]


def test_menepis_is_a_denial():
    x = run("Kementerian Pertahanan Rusia menepis laporan bahwa 300 tentaranya tewas.", "id")
    assert [s.stance for s in x.statements] == ["denied"]


def test_described_reports_what_the_speaker_said():
    text = "Hamas fired rockets at Ashkelon on Monday. The group described the salvo as a warning to Israel."
    assert every_speaker(text, "en") == ["Hamas"]


def test_the_militants_claimed_means_the_one_armed_group_that_spoke_before():
    text = "Al-Shabaab said it had attacked the base in Baidoa. The militants also claimed to have seized 3 vehicles."
    assert every_speaker(text, "en") == ["Al-Shabaab", "Al-Shabaab"]


# --- headlines whose speaker is a description ---------------------------------------------------------


def test_a_headline_ministry_is_the_one_ministry_of_the_article():
    text = (
        "Ministry: 40 children among the dead\n"
        "The Ministry of Health said on Tuesday that air strikes had killed 212 people in Gaza."
    )
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements][0] == ("Ministry of Health", [40])


def test_a_headline_minister_is_the_one_minister_of_the_article():
    text = (
        "Defence minister says 300 drones downed\n"
        "Ukraine's defence minister, Rustem Umerov, told reporters on Monday that air defences had shot down 300 drones."
    )
    assert every_speaker(text, "en")[0] == "Rustem Umerov"


def test_a_headline_army_is_the_army_below_that_gives_its_figure():
    text = (
        "• Army says 27 soldiers killed in ambush\n"
        "• Aid groups suspend work in the north\n"
        "Gunmen ambushed a convoy near Nasir on Friday, killing 27 soldiers, the South Sudan People's Defence Forces (SSPDF) said."
    )
    x = run(text, "en")
    assert x.entities[x.statements[0].speaker].label == "South Sudan People's Defence Forces"
    assert [q.value for q in x.statements[0].quantities] == [27]


def test_a_headline_description_with_two_candidates_says_nothing():
    text = (
        "Ministry: 40 children among the dead\n"
        "The Ministry of Health gave no figure on Tuesday. The Ministry of Defence was silent."
    )
    assert every_speaker(text, "en") == []


def test_a_headline_description_in_indonesian():
    text = (
        "Militer Klaim 40 Drone Ditembak Jatuh\n"
        "Angkatan Bersenjata Ukraina menyatakan 40 drone ditembak jatuh di wilayah Kharkiv pada Senin."
    )
    x = run(text, "id")
    assert x.entities[x.statements[0].speaker].label == "Armed Forces of Ukraine"
    assert x.statements[0].verb == "Klaim"


def test_a_source_cue_after_a_comma_opens_an_insertion_before_the_verb():
    text = "Duta Besar Rusia untuk Mali, Sergei Lavrov, seperti dikutip kantor berita TASS, Senin (10/3), menegaskan bahwa 200 tentara Rusia hanya melatih pasukan lokal."
    x = run(text, "id")
    assert every_speaker(text, "id") == ["Sergei Lavrov"]
    assert [q.value for q in x.statements[0].quantities] == [200]
    text = "Russian envoy Sergei Lavrov, as quoted by the TASS news agency, on Monday, stressed that 200 Russian troops were only training local forces."
    assert every_speaker(text, "en") == ["Sergei Lavrov"]


def test_called_with_a_quotation_is_a_statement():
    x = run("Hamas called the attack “a crime against all the people of Gaza”.", "en")
    assert [(x.entities[s.speaker].label, s.quote) for s in x.statements] == [("Hamas", True)]
    text = "The UN human rights office said it had verified the killings of 111 civilians, a number its spokesman Volker Türk called “almost certainly far too low”."
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements][1] == ("Volker Türk", [])


def test_called_without_a_quotation_is_no_statement():
    assert every_speaker("Hamas called the attack a crime and 12 people were killed.", "en") == []
    assert every_speaker("Zelensky called a meeting of the security council on Monday.", "en") == []


def test_disputes_in_a_headline_is_a_denial():
    x = run("Hamas disputes figures\nHamas said 20 fighters were killed.", "en")
    assert [(x.entities[s.speaker].label, s.stance) for s in x.statements][0] == ("Hamas", "denied")


def test_a_name_before_a_figure_noun_speaks_through_the_figures():
    x = run("Russia denied it. A separate UN tally puts the number of people displaced at 1.5 million.", "en")
    # the article names the UN only as "UN": that is its label here; the link is the UN's
    assert [(x.entities[s.speaker].wikidata, x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements][-1] == ("Q1065", "UN", [1500000])


# --- wrong speakers (issue 11, statement precision) --------------------------------------------------


def test_the_addressee_after_an_apposed_speaker_does_not_speak():
    text = "The head of the mission, Bintou Keita, warned the Security Council on Monday that the camps were full."
    assert every_speaker(text, "en") == ["Bintou Keita"]


def test_an_inverted_speaker_after_a_claim_still_speaks():
    assert every_speaker("The town had fallen overnight, warned António Guterres on Monday.", "en") == ["António Guterres"]


def test_a_country_at_the_end_of_a_longer_unknown_name_does_not_speak():
    text = "The UN Human Rights Monitoring Mission in Ukraine said on Thursday that 230 civilians had been killed."
    assert "Ukraine" not in every_speaker(text, "en")


def test_a_country_after_an_ordinal_inside_an_unknown_name_does_not_speak():
    text = "Tentara Kawasan Kedua Thailand melaporkan 14 prajurit terluka di dekat perbatasan."
    assert "Thailand" not in every_speaker(text, "id")


def test_the_member_of_a_party_speaks_not_the_party():
    text = "Senator Lindsey Graham of the Republican Party said 300 fighters had crossed the border."
    assert every_speaker(text, "en") == ["Lindsey Graham"]


def test_an_unknown_member_of_a_party_leaves_the_party_silent():
    text = "Rep. Orvald Brunnick of the ruling Democratic Party told reporters that 300 fighters had crossed the border."
    assert "Democratic Party" not in every_speaker(text, "en")


def test_a_speaker_inside_a_condition_makes_no_statement():
    text = "Menteri Pertahanan AS Pete Hegseth mengatakan serangan akan berlanjut sampai Houthi menyatakan berhenti menyerang kapal."
    assert every_speaker(text, "id") == ["Pete Hegseth"]
    text = "Defence Secretary Pete Hegseth said the strikes would go on until the Houthis say they have stopped."
    assert every_speaker(text, "en") == ["Pete Hegseth"]


def test_a_pronoun_after_an_act_whose_speaker_is_not_found_names_nobody():
    text = (
        "The US Embassy in Yemen accused the Houthis of kidnapping the crew. "
        "The bloc's naval mission in the region said ten people had been rescued. "
        "It said the ship had carried 22 crew."
    )
    assert every_speaker(text, "en") == ["US Embassy in Yemen"]


def test_a_pronoun_after_an_unfound_speaker_in_indonesian_names_nobody():
    text = (
        "Juru bicara polisi Michel-Ange Louis-Jeune mengatakan lima warga tewas. "
        "Pemimpin geng bersenjata dalam sebuah video menyebut serangan itu sebagai peringatan. "
        '"Kami tidak akan berhenti," katanya.'
    )
    assert every_speaker(text, "id") == ["Michel-Ange Louis-Jeune"]


def test_a_pronoun_after_a_negated_act_still_names_the_speaker():
    text = (
        "Military spokesman Major General Zaw Min Tun said the base had fallen. "
        "He did not say how many troops had been inside. He said 300 soldiers had been captured."
    )
    assert every_speaker(text, "en") == ["Zaw Min Tun", "Zaw Min Tun"]


def test_a_description_means_an_actor_named_just_before_not_long_before():
    near = "Hamas fired rockets at Ashkelon on Monday. The group described the salvo as a warning to Israel."
    assert every_speaker(near, "en") == ["Hamas"]
    far = (
        "Hamas fired rockets at Ashkelon on Monday. Sirens sounded across the south. Schools closed in the town. "
        "Trains were halted for the night. The group described the salvo as a warning."
    )
    assert "Hamas" not in every_speaker(far, "en")


# --- verbs read through a typo ------------------------------------------------------------------------


def test_a_word_of_another_root_is_no_typo_of_a_reporting_verb():
    # "diterbangkan" (flown) has one letter more than "diterangkan" (explained); "mematikan"
    # (deadly) one less than "memastikan" (confirmed): each is a word made from another root
    text = "Juru bicara Kremlin Dmitry Peskov menyambut para tawanan. Mereka diterbangkan ke Moskow dengan pesawat militer."
    assert every_speaker(text, "id") == []
    text = "Serangan drone yang mematikan itu menghancurkan dua rumah di Kharkiv."
    assert every_speaker(text, "id") == []


def test_a_dropped_vowel_or_a_doubled_letter_is_still_a_typo():
    for verb in ("mengatkan", "mengattakan", "memngatakan"):
        assert every_speaker(f"Juru bicara Kremlin Dmitry Peskov {verb} pembicaraan belum dimulai.", "id") == ["Dmitry Peskov"]


# --- negated subjects -----------------------------------------------------------------------------------


def test_neither_a_name_nor_a_description_speaks():
    text = (
        "The Rapid Support Forces stormed the town of El Fasher on Sunday. "
        "Neither the RSF nor the army has confirmed how many fighters died in the assault."
    )
    assert every_speaker(text, "en") == []


# --- "according to" closing a sentence whose speaker already spoke ---------------------------------------


def test_according_to_after_another_speaker_names_who_carried_the_words():
    text = (
        "Hamas said it had fired 40 rockets at Ashkelon on Monday, according to the SITE Intelligence Group, "
        "which tracks militant communications."
    )
    assert every_speaker(text, "en") == ["Hamas"]
    text = "More than 300 people have been killed in the town since March, according to the United Nations."
    assert every_speaker(text, "en") == ["United Nations"]


def test_a_headline_post_before_a_colon_names_nobody():
    text = (
        "Kapuspen TNI: Dua Prajurit Terluka Ringan\n"
        "Kepala Pusat Penerangan TNI (Kapuspen TNI) Mayjen TNI Hariyanto menjelaskan situasi di pos itu.\n"
        "Juru bicara UNIFIL Andrea Tenenti mengatakan pos mereka ditembaki."
    )
    assert every_speaker(text, "id") == ["Hariyanto", "Andrea Tenenti"]


def test_a_group_described_right_after_a_person_spoke_is_not_another_actor():
    text = (
        "Tentara Nasional Indonesia mengirim pasukan ke Intan Jaya. "
        "Juru bicara kelompok itu, Sebby Sambom, menyatakan serangan akan berlanjut. "
        "Kelompok itu juga mengklaim telah menembak dua prajurit."
    )
    assert every_speaker(text, "id") == ["Sebby Sambom"]


def test_a_name_in_the_relative_clause_of_a_described_speaker_does_not_speak():
    text = (
        'Hizbullah mengklaim telah menembakkan 40 roket ke Haifa. '
        '"Sedikitnya 20 tank telah kami hancurkan pekan ini," ungkap kelompok yang didukung Iran itu.'
    )
    assert every_speaker(text, "id") == ["Hezbollah", "Hezbollah"]


# --- a date after an object that points back ------------------------------------------------------------


def test_a_date_after_an_object_pointing_back_dates_the_saying():
    x = run("Pihak militer mengirim 40 tank ke perbatasan. Kementerian Pertahanan Ukraina mengonfirmasi pengiriman itu pada Senin (10/3) malam.", "id")
    assert [str(s.date) for s in x.statements] == ["2025-03-10"]
    x = run("The Ministry of Defence of Ukraine confirmed this on Monday.", "en")
    assert [str(s.date) for s in x.statements] == ["2025-03-10"]
    # a date after a claim of its own dates what happened, not the saying
    x = run("The Ministry of Defence of Ukraine confirmed that 40 tanks crossed the border on Monday.", "en")
    assert [s.date for s in x.statements] == [None]


# --- a description closing on a place, then the name in apposition ---------------------------------------


def test_a_body_in_apposition_after_a_description_closing_on_a_place_speaks():
    text = "The UN peacekeeping mission in southern Lebanon, UNIFIL, said it had counted 300 violations this month."
    assert every_speaker(text, "en") == ["UNIFIL"]
    text = "Misi PBB di Kongo, MONUSCO, menyatakan 40 anggota staf telah dipindahkan dari Goma."
    assert every_speaker(text, "id") == ["MONUSCO"]
    text = "Kelompok milisi yang didukung Iran, Kataib Hezbollah, menyatakan penghentian serangan terhadap pasukan AS."
    assert every_speaker(text, "id") == ["Kataib Hezbollah"]
    # a list of names is no description: nobody is in apposition there
    assert "UNIFIL" not in every_speaker("Lebanon, UNIFIL, said nothing about the 300 violations.", "en")


# --- "Hal itu (juga) disampaikan X" after another speaker's statement ---------------------------------


def test_a_back_reference_by_another_speaker_is_an_act_of_saying_of_their_own():
    text = (
        "Juru bicara militer Budi Santoso mengatakan pada Senin bahwa 12 tentara tewas di perbatasan. "
        "Hal itu juga disampaikan Presiden Prabowo Subianto dalam pernyataannya, Selasa (11/3)."
    )
    x = run(text, "id")
    got = [(x.entities[s.speaker].label, str(s.date), [q.value for q in s.quantities]) for s in x.statements]
    assert got == [("Budi Santoso", "2025-03-10", [12]), ("Prabowo Subianto", "2025-03-11", [12])]


def test_an_adverb_may_stand_between_a_passive_verb_and_its_doer_marker():
    text = (
        "Juru bicara militer Budi Santoso mengatakan bahwa 12 tentara tewas di perbatasan. "
        "Hal itu disampaikan pula oleh mantan Perdana Menteri Kamboja Hun Sen melalui akun Facebook-nya."
    )
    assert every_speaker(text, "id") == ["Budi Santoso", "Hun Sen"]


# --- "X put <any object> at N"; a capital with "has since" ---------------------------------------------


def test_putting_any_object_at_a_figure_is_an_estimate_by_the_subject():
    x = run("The Ministry of Defence of Ukraine put enemy losses over the past day at more than 300 soldiers.", "en")
    assert [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements] == [("Ministry of Defence of Ukraine", [300])]
    # no figure after "at": no estimate
    assert every_speaker("The Ministry of Defence of Ukraine put civilians at risk by shelling 12 villages.", "en") == []


def test_a_capital_speaks_after_has_since():
    x = run("Kigali has since said it keeps 4,000 troops in the province.", "en")
    assert [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements] == [("Rwanda", [4000])]


# --- a word of an earlier person's name where a speaker stands ------------------------------------


def test_a_first_name_after_according_to_is_the_person_named_before():
    text = (
        "Army spokesman Colonel Dario Mbeki said on Monday that rebels had attacked the town of Kibo. "
        "According to Dario, at least 12 soldiers were killed in the fighting."
    )
    x = run(text, "en")
    assert every_speaker(text, "en") == ["Dario Mbeki", "Dario Mbeki"]
    assert not any(e.label == "Dario" for e in x.entities.values())  # no place "Dario"


def test_a_name_word_after_menurut_and_tutur_is_the_person_named_before():
    text = (
        "Juru bicara kelompok itu, Sevro Kambali, membantah klaim tersebut. "
        "Menurut Sevro, hanya tiga korban yang merupakan anggota kelompoknya. "
        "“Kami tidak akan mundur,” tutur Sevro."
    )
    assert every_speaker(text, "id") == ["Sevro Kambali"] * 3


def test_a_family_name_first_and_a_one_word_name_are_found_again():
    text = (
        "Hal itu disampaikan anggota parlemen Cho Hyun-dal kepada wartawan pada Rabu. "
        "Menurut Cho, sekitar 3.000 tentara telah dikirim. "
        "Juru bicara militer Mayjen Sutarjo mengatakan pasukan tetap siaga. "
        "Menurut Sutarjo, 400 prajurit bertugas di perbatasan."
    )
    assert every_speaker(text, "id")[-3:] == ["Cho Hyun-dal", "Sutarjo", "Sutarjo"]


def test_a_name_word_two_earlier_people_share_names_nobody():
    text = (
        "Legislator Kim Sang-ho mengatakan pertempuran mereda. "
        "Pemimpin Korea Utara Kim Jong Un memuji para prajurit. "
        "“Mereka pahlawan,” tutur Kim."
    )
    assert "Kim Sang-ho" not in every_speaker(text, "id")[1:]
    assert "Kim Jong Un" not in every_speaker(text, "id")[1:]


# --- headlines whose speaker is a description --------------------------------------------------------


def test_a_headline_description_is_the_one_body_whose_name_holds_its_words_in_a_row():
    text = (
        "Air force says 20 fighters killed in strikes\n\n"
        "KIBO, Zanwa — The Zanwan Air Force said on Monday that its jets had struck a rebel camp. "
        "The Multinational Joint Task Force said it had sent 300 troops to the border."
    )
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, s.sentence) for s in x.statements][0] == ("Zanwan Air Force", 0)


def test_a_headline_description_after_a_topic_and_a_colon():
    text = (
        "Kibo violence: Governor says 'more than 60' killed\n\n"
        "KIBO — More than 60 people have been killed in a week of fighting, Zanwa State Governor "
        "Dario Mbeki said on Sunday."
    )
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, s.sentence) for s in x.statements][0] == ("Dario Mbeki", 0)


# --- long appositions with a relative clause -----------------------------------------------------------


def test_a_long_apposition_with_a_relative_that_keeps_its_subject():
    text = "The Zorbu Corps, a force controlled by the defence ministry that has absorbed many veterans, stressed that it would remain in Kibo."
    assert every_speaker(text, "en") == ["Zorbu Corps"]
    text = "The Kibo Alliance, an alliance of former rebel movements that fought alongside the army, said 40 fighters were killed."
    assert every_speaker(text, "en") == ["Kibo Alliance"]


def test_that_after_a_verb_of_saying_in_the_apposition_still_opens_the_words():
    text = "The Kibo Alliance, an official said that the army attacked the town on Monday."
    assert "Kibo Alliance" not in every_speaker(text, "en")


# --- a service's noun means a body of that service ("the army" is not the air force) ----------------


def test_the_army_is_not_the_air_force_named_before():
    text = (
        "Gunmen kill 12 in Zanwa village\n\n"
        "The Nigerian Air Force said its jets struck the fleeing attackers near the border.\n\n"
        "The army said five soldiers were wounded in the raid."
    )
    assert every_speaker(text, "en") == ["Nigerian Air Force"]


def test_the_army_is_not_the_air_force_named_though_silent():
    text = (
        "Gunmen kill 12 in Zanwa village\n\n"
        "Jets of the Nigerian Air Force struck the fleeing attackers near the border.\n\n"
        "The army said five soldiers were wounded in the raid."
    )
    assert "Nigerian Air Force" not in every_speaker(text, "en")


def test_the_army_still_means_the_army_named_before():
    text = (
        "Gunmen kill 12 in Zanwa village\n\n"
        "The Nigerian Army said its troops repelled the attackers near the border.\n\n"
        "The army also said five soldiers were wounded in the raid."
    )
    assert every_speaker(text, "en") == ["Nigerian Army", "Nigerian Army"]


def test_angkatan_darat_itu_is_not_the_air_force_named_before():
    text = (
        "Angkatan Udara Nigeria menyatakan jet tempurnya menyerang para penyerang di dekat perbatasan.\n\n"
        "Angkatan darat itu menyatakan lima prajurit terluka dalam serangan tersebut."
    )
    assert len(every_speaker(text, "id")) == 1  # the air force's own statement only


def test_akui_in_a_headline_reports_with_its_speaker_before_it():
    text = "Kinshasa Akui 30 Tentara Tewas di Goma\n\nPemerintah Kongo mengakui 30 tentara tewas dalam pertempuran."
    x = run(text, "id")
    assert [(x.entities[s.speaker].label, s.sentence) for s in x.statements][0] == ("Democratic Republic of the Congo", 0)


# --- one word of a person's name joined to another person: both speak --------------------------------


def test_a_surname_joined_to_a_titled_person_with_a_plural_apposition_both_speak():
    text = (
        "Rep. Kwon Dae-ho of the ruling party spoke to reporters after the briefing.\n\n"
        "Kwon and Rep. Seo Min-jun of the opposition Unity Party, the two senior members of the defence "
        "committee, said about 3,000 soldiers had been sent to the front."
    )
    assert every_speaker(text, "en")[-2:] == ["Kwon Dae-ho", "Seo Min-jun"]


def test_the_two_lawmakers_are_the_two_people_who_spoke_together_before():
    text = (
        "Rep. Kwon Dae-ho and Rep. Seo Min-jun said about 3,000 soldiers had been sent to the front.\n\n"
        "The two lawmakers said the agency had also detected new launches."
    )
    assert every_speaker(text, "en") == ["Kwon Dae-ho", "Seo Min-jun", "Kwon Dae-ho", "Seo Min-jun"]


def test_the_three_lawmakers_do_not_take_two_speakers():
    text = (
        "Rep. Kwon Dae-ho and Rep. Seo Min-jun said about 3,000 soldiers had been sent to the front.\n\n"
        "The three lawmakers said the agency had also detected new launches."
    )
    assert every_speaker(text, "en")[:2] == ["Kwon Dae-ho", "Seo Min-jun"]
    assert "Kwon Dae-ho" not in every_speaker(text, "en")[2:]
