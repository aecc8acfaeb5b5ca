"""Indonesian statement speakers on invented sentences (issue 11, round 5): descriptions such as
"kelompok itu" bound to the group their own sentence names, a "menurut <description>," whose
speaker is not the name after the comma."""

from __future__ import annotations

import extracting


def run(text: str):
    return extracting.run(text, "id")


def speakers(text: str) -> list[str]:
    return extracting.every_speaker(text, "id")


# --- "kelompok itu" names the one group its own sentence named ----------------------------------


def test_the_group_after_its_own_name_in_the_sentence_is_that_group_not_the_last_speaker():
    text = (
        "Militer Israel menyatakan telah menerima empat peti jenazah pada Senin malam. "
        "Menurut kesepakatan, Hamas wajib menyerahkan seluruh jenazah, namun kelompok itu mengatakan "
        "sebagian lokasi belum bisa dijangkau."
    )
    assert speakers(text) == ["Israel Defense Forces", "Hamas"]


def test_ungkap_kelompok_itu_after_the_group_as_subject_and_an_army_as_object():
    text = (
        "Militer Myanmar mengatakan pasukannya masih bertahan di kota itu. "
        "Di Wilayah Sagaing, Tentara Pembebasan Nasional Ta'ang (TNLA) menahan 12 tentara pemerintah "
        "dalam bentrokan di dekat sungai, ungkap kelompok itu."
    )
    assert speakers(text)[-1] != "Myanmar Armed Forces"


def test_a_group_named_inside_a_quotation_is_no_antecedent():
    text = (
        "Kementerian Pertahanan Somalia menyatakan operasi itu berhasil. "
        "“Al-Shabaab mencoba menyerang pos kami, namun pasukan kami menggagalkannya,” kata kementerian itu."
    )
    assert "Al-Shabaab" not in speakers(text)


def test_an_outlet_in_a_relative_clause_is_no_antecedent_of_the_group():
    text = (
        "Hamas menyatakan menolak usulan itu. "
        "Dalam pernyataan yang dimuat kantor berita Anadolu, kelompok itu mengklaim telah menembak jatuh satu drone."
    )
    assert "Anadolu Agency" not in speakers(text) and speakers(text)[-1] != "Anadolu"


def test_two_groups_named_before_the_description_decide_nothing_new():
    text = (
        "Hizbullah mengatakan pihaknya menembakkan roket. "
        "Pasukan Israel menyerang posisi Hizbullah di selatan, kata kelompok itu."
    )
    assert speakers(text)[0] == "Hezbollah"


# --- "menurut <description>," : the names after the comma belong to the claim ---------------------


def test_menurut_a_bare_description_is_the_body_that_spoke_not_the_name_after_the_comma():
    text = (
        "Kementerian Pertahanan Somalia menyatakan operasi itu berhasil. "
        "Menurut kementerian, dua prajurit Tentara Nasional Somalia (SNA) gugur dalam pertempuran itu."
    )
    assert speakers(text) == ["Kementerian Pertahanan Somalia", "Kementerian Pertahanan Somalia"]


def test_menurut_a_description_without_antecedent_names_nobody():
    text = "Menurut data kementerian, serangan Israel telah menewaskan 40 orang di desa itu."
    assert "Israel" not in speakers(text)


def test_menurut_a_title_then_an_apposed_name_is_that_person():
    text = "Menurut juru bicara militer, Kolonel Andi Wirawan, dua prajurit gugur dalam kontak tembak."
    assert speakers(text) == ["Andi Wirawan"]


# --- a second predicate after "dan"; "mendesak" as force --------------------------------------------


def test_a_verb_after_dan_does_not_take_a_name_inside_the_first_predicate_as_subject():
    text = "Kabinet memandang kehadiran militer Turki di Provinsi Duhok sebagai pelanggaran dan meminta Ankara menarik pasukannya."
    assert "militer Turki" not in speakers(text) and "Turkish Armed Forces" not in speakers(text)


def test_troops_pressing_a_place_make_no_statement():
    text = "Gubernur Budi Santoso mengatakan pasukan Rusia sudah mendesak pinggiran Kostiantynivka dari tiga arah."
    assert speakers(text) == ["Budi Santoso"]


def test_urging_the_parties_to_act_stays_a_statement():
    text = (
        "Kepala misi PBB, Hanna Tetteh, memperingatkan bahwa serangan itu dapat menjadi kejahatan perang. "
        "Ia juga mendesak kedua pihak menahan diri. Ia mendesak gencatan senjata permanen."
    )
    assert speakers(text) == ["Hanna Tetteh"] * 3


def test_a_place_before_an_abbreviation_it_cannot_shorten_is_no_speaker():
    text = "Kelompok pemantau Monitors for Peace in Iran (MPIN) yang berbasis di Oslo mencatat 30 orang tewas."
    assert "Iran" not in speakers(text)


def test_a_country_before_its_own_abbreviation_still_speaks():
    text = "Republik Demokratik Kongo (RDK) menyatakan 12 tentaranya tewas."
    assert speakers(text) == ["Democratic Republic of the Congo"]


# --- dates: "X juga mengatakan" goes on with X's dated words --------------------------------------


def test_juga_mengatakan_after_the_same_speakers_dated_words_takes_their_date():
    text = (
        "Juru bicara militer, Budi Santoso, mengatakan 40 anggota milisi tewas, ujarnya dalam jumpa pers, Senin (10/3). "
        "Budi juga mengatakan sekitar 200 prajurit berhasil keluar dari kepungan."
    )
    x = run(text)
    assert [str(s.date) for s in x.statements] == ["2025-03-10", "2025-03-10"]


def test_another_speaker_after_dated_words_takes_no_date():
    text = (
        "Juru bicara militer, Budi Santoso, mengatakan 40 anggota milisi tewas, ujarnya dalam jumpa pers, Senin (10/3). "
        "Gubernur Andi Wirawan juga mengatakan sekitar 200 warga mengungsi."
    )
    x = run(text)
    assert x.statements[-1].date is None


def test_a_date_set_off_by_commas_between_the_verb_and_bahwa_dates_the_statement():
    text = "Juru bicara Budi Santoso mengatakan dalam jumpa pers, Senin (10/3), bahwa 40 anggota milisi tewas."
    x = run(text)
    assert [str(s.date) for s in x.statements] == ["2025-03-10"]
    assert "Senin" not in x.statements[0].content


def test_a_body_at_the_end_of_a_longer_foreign_name_is_no_speaker():
    text = "Namun laporan kelompok riset Open Eyes on Hamas menyebut jumlah anggota kelompok itu mencapai 1.500 orang."
    assert "Hamas" not in speakers(text)


# --- a pronoun after an aside in a relative clause -------------------------------------------------


def test_a_pronoun_after_a_denial_in_a_relative_clause_means_the_sentences_speaker():
    text = (
        "Juru bicara TPNPB, Budi Santoso, mengatakan pasukannya tidak akan mundur. "
        "Ia juga mengklaim pasukannya menewaskan lima prajurit, klaim yang dibantah TNI. "
        "“Kami akan terus melawan,” ditegaskannya."
    )
    assert speakers(text)[-1] == "Budi Santoso"


def test_the_spokesman_of_a_described_body_named_after_a_comma_speaks():
    text = (
        "Layanan Ambulans Tripoli menyatakan 8 orang tewas. "
        "“Tim kami mengevakuasi 40 warga,” kata juru bicara layanan itu, Budi Santoso, kepada stasiun televisi lokal."
    )
    assert speakers(text) == ["Layanan Ambulans Tripoli", "Budi Santoso"]
