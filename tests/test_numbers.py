"""Numbers as written and what they count (issue 11, classes 6 and 7), on invented sentences.

Each sentence is attributed to a named speaker, so the counts are read through ``extract()`` the
way the contract query sees them: (value, bound, kind) of the statement's quantities.
"""

from __future__ import annotations

import pytest

from kg.articles import from_record
from kg.extract import extract


def counts(text: str, lang: str) -> list[tuple[int, str, str]]:
    article = from_record(
        {"title": "t", "maintext": text, "date_publish": "2024-11-06 10:00:00", "language": lang, "url": "https://x.example/n"},
        "n.json",
    )
    return [(q.value, q.bound, q.kind) for s in extract(article).statements for q in s.quantities]


# --- numbers as written ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # ranges: the lower end bound "lower", the upper end "upper", the same kind
        ("Rustem Umerov said that 6,000 to 7,000 troops had reached the border.", "en", [(6000, "lower", "troops"), (7000, "upper", "troops")]),
        ("Rustem Umerov said between 120 and 150 fighters took part in the raid.", "en", [(120, "lower", "troops"), (150, "upper", "troops")]),
        ("Rustem Umerov mengatakan 6.000-7.000 tentara sudah tiba di perbatasan.", "id", [(6000, "lower", "troops"), (7000, "upper", "troops")]),
        ("Rustem Umerov mengatakan antara 12 hingga 15 warga sipil tewas dalam serangan itu.", "id", [(12, "lower", "killed"), (15, "upper", "killed")]),
        ("Rustem Umerov said that 2 to 3 million people had fled the region.", "en", [(2000000, "lower", "civilians"), (3000000, "upper", "civilians")]),
        # "from A to B" is a change, not a range
        ("Rustem Umerov said the death toll rose from 31 to 47.", "en", [(47, "exact", "killed")]),
        # scale words
        ("Rustem Umerov mengatakan sedikitnya 3 ribu warga sipil tewas.", "id", [(3000, "lower", "killed")]),
        ("Rustem Umerov mengatakan 1,5 juta orang telah mengungsi.", "id", [(1500000, "exact", "civilians")]),
        ("Rustem Umerov said 2.4 million people were displaced.", "en", [(2400000, "exact", "civilians")]),
        # the strength of a force
        ("Rustem Umerov said the enemy had massed a 45,000-strong force near the river.", "en", [(45000, "exact", "troops")]),
        # bounds
        ("Rustem Umerov said at least 52 soldiers and nearly 300 drones were lost.", "en", [(52, "lower", "casualties"), (300, "upper", "equipment")]),
        ("Rustem Umerov said up to 900 medics and fewer than 40 engineers remained in the city.", "en", [(900, "upper", "people"), (40, "upper", "people")]),
        ("Rustem Umerov said at least 300 soldiers, approaching 400, had crossed.", "en", [(300, "lower", "troops"), (400, "upper", "troops")]),
        # cardinal words
        ("Rustem Umerov said two soldiers were captured near the village.", "en", [(2, "exact", "prisoners")]),
        ("Rustem Umerov mengatakan dua belas prajurit dan tiga puluh lima warga terluka.", "id", [(12, "exact", "wounded"), (35, "exact", "wounded")]),
        ("Rustem Umerov said twenty-four patients were moved to another hospital.", "en", [(24, "exact", "people")]),
        ("Rustem Umerov said one soldier was killed.", "en", [(1, "exact", "killed")]),
        ("Rustem Umerov said two dozen fighters were captured.", "en", [(24, "exact", "prisoners")]),
        ("Rustem Umerov said three or four soldiers were hurt.", "en", [(3, "lower", "wounded"), (4, "upper", "wounded")]),
        # the other language's separators: "387,000" in Indonesian text, "1.2 juta"
        ("Rustem Umerov mengatakan 412,000 warga telah mengungsi dan 1.2 juta lainnya membutuhkan bantuan.", "id", [(412000, "exact", "civilians"), (1200000, "exact", "civilians")]),
        # a part of the count after it: both are counts, of the same noun
        ("Rustem Umerov said the battery lost 3 of its 8 howitzers.", "en", [(3, "exact", "equipment"), (8, "exact", "equipment")]),
    ],
)
def test_numbers_as_written(text, lang, expected):
    assert counts(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Rustem Umerov said one battalion of soldiers had crossed the river.", "en"),
        ("Rustem Umerov mengatakan satu batalion tentara sudah menyeberang.", "id"),
        ("Rustem Umerov said 2,000 families had been moved to shelters.", "en"),
        ("Rustem Umerov mengatakan 1.500 keluarga telah dievakuasi.", "id"),
        ("Rustem Umerov said the 2022 war had killed many.", "en"),
        ("Rustem Umerov said 40% of the soldiers were reservists.", "en"),
        ("Rustem Umerov said the ministry paid $12 million to 300 contractors.", "en"),
        ("Rustem Umerov said the troops advanced 30 km in five days.", "en"),
        ("Rustem Umerov said no one was hurt in the blast.", "en"),
        ("Rustem Umerov said the strikes took place between March 2 and 5.", "en"),
        ("Rustem Umerov said hundreds of soldiers and dozens of tanks were moved.", "en"),
        ("Rustem Umerov said nearly a dozen officers were moved.", "en"),
        # "and 23" goes with the age before it, not with the soldiers
        ("Rustem Umerov said the soldiers, aged 21 and 23, were moved.", "en"),
    ],
)
def test_what_is_no_count(text, lang):
    assert counts(text, lang) == []


# --- kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # a verb before the number says what happened to those counted
        ("Rustem Umerov said the strike killed 23 soldiers and wounded 40 others.", "en", [(23, "exact", "killed"), (40, "exact", "wounded")]),
        ("Rustem Umerov said the rebels had abducted at least 61 pupils.", "en", [(61, "lower", "prisoners")]),
        ("Rustem Umerov said the fighting had displaced about 1.1 million.", "en", [(1100000, "approximate", "civilians")]),
        ("Rustem Umerov said the rebels killed or wounded about 90 government troops.", "en", [(90, "approximate", "casualties")]),
        ("Rustem Umerov mengatakan serangan itu menewaskan 14 tentara dan menawan tiga lainnya.", "id", [(14, "exact", "killed"), (3, "exact", "prisoners")]),
        # a state after the noun (or after the number, for a noun left out)
        ("Rustem Umerov said 27 Polish engineers had been killed in the strike.", "en", [(27, "exact", "killed")]),
        ("Rustem Umerov said 31 killed, 77 wounded.", "en", [(31, "exact", "killed"), (77, "exact", "wounded")]),
        ("Rustem Umerov said around 140 were taken hostage.", "en", [(140, "approximate", "prisoners")]),
        ("Rustem Umerov mengatakan 58 tentara pemerintah tewas, 17 luka-luka dan 9 lainnya ditawan.", "id", [(58, "exact", "killed"), (17, "exact", "wounded"), (9, "exact", "prisoners")]),
        ("Rustem Umerov mengatakan lebih dari 2.000 tentara tewas dan luka-luka.", "id", [(2000, "lower", "casualties")]),
        ("Rustem Umerov said more than 500,000 dead and wounded had been counted.", "en", [(500000, "lower", "casualties")]),
        ("Rustem Umerov said 12,000 residents had fled their homes.", "en", [(12000, "exact", "civilians")]),
        ("Rustem Umerov mengatakan sekitar 300 ribu orang masih terjebak di kota itu.", "id", [(300000, "approximate", "civilians")]),
        ("Rustem Umerov said 95 servicemen had been returned and more than 6,000 Ukrainians remained in Russian captivity.", "en", [(95, "exact", "prisoners"), (6000, "lower", "prisoners")]),
        # soldiers who flee are still soldiers
        ("Rustem Umerov said 70 soldiers fled across the border.", "en", [(70, "exact", "troops")]),
        # a modifier
        ("Rustem Umerov said three captured soldiers were shown on television.", "en", [(3, "exact", "prisoners")]),
        ("Rustem Umerov said 8,000 displaced villagers were sheltering in schools.", "en", [(8000, "exact", "civilians")]),
        # an active verb with its object: the subject is not what was killed
        ("Rustem Umerov said 15 soldiers killed two militants near the base.", "en", [(15, "exact", "troops"), (2, "exact", "killed")]),
        # equipment keeps its kind
        ("Rustem Umerov said the army lost 36 tanks.", "en", [(36, "exact", "equipment")]),
        # part of a count before it
        ("Rustem Umerov said more than 600 people had been killed, 210 of them children.", "en", [(600, "lower", "killed"), (210, "exact", "killed")]),
        ("Rustem Umerov said 48 civilians, nine of them women, had been killed by shelling.", "en", [(48, "exact", "killed"), (9, "exact", "killed")]),
        ("Rustem Umerov mengatakan sedikitnya 80 personel ditawan, termasuk dua perwira.", "id", [(80, "lower", "prisoners"), (2, "exact", "prisoners")]),
        ("Rustem Umerov mengatakan korban tewas mencakup 11 petempur dan 6 warga sipil.", "id", [(11, "exact", "killed"), (6, "exact", "killed")]),
        ("Rustem Umerov said a strike killed six people, among them a teacher and her two sons.", "en", [(6, "exact", "killed"), (2, "exact", "killed")]),
        ("Rustem Umerov said 19 Armenians, among them two former ministers, were still being held.", "en", [(19, "exact", "prisoners"), (2, "exact", "prisoners")]),
        # coordinated counts share what happened to them
        ("Rustem Umerov mengatakan 19 tentara dan 44 warga sipil lainnya terluka.", "id", [(19, "exact", "wounded"), (44, "exact", "wounded")]),
        ("Rustem Umerov said the drones killed 6 soldiers and 4 civilians.", "en", [(6, "exact", "killed"), (4, "exact", "killed")]),
        # a total named before the figure
        ("Rustem Umerov mengatakan jumlah tentara Korea Utara yang tewas dan luka-luka sudah melampaui 2.500 orang.", "id", [(2500, "lower", "casualties")]),
        ("Rustem Umerov mengatakan para penyerang berjumlah sekitar 250 orang.", "id", [(250, "approximate", "troops")]),
        # kinds of people the nouns name
        ("Rustem Umerov said 64 refugees and 12 hostages were on the list.", "en", [(64, "exact", "civilians"), (12, "exact", "prisoners")]),
        ("Rustem Umerov mengatakan 30 pasien dan 7 wartawan dipindahkan.", "id", [(30, "exact", "people"), (7, "exact", "people")]),
        ("Rustem Umerov mengatakan lima prajuritnya gugur.", "id", [(5, "exact", "killed")]),
        # what happened wins over what they were: "five injured soldiers died"
        ("Rustem Umerov said four injured soldiers later died.", "en", [(4, "exact", "killed")]),
        ("Rustem Umerov said 16 wounded soldiers were evacuated.", "en", [(16, "exact", "wounded")]),
        # names for the people counted, hedges before the state
        ("Rustem Umerov said three Hezbollah died and 90 North Korean soldiers are believed to have been killed.", "en", [(3, "exact", "killed"), (90, "exact", "killed")]),
        # casualties made precise by a total: "jumlah korban ... yang tewas"
        ("Rustem Umerov mengatakan jumlah korban warga sipil yang tewas telah mencapai 1.300 orang.", "id", [(1300, "exact", "killed")]),
        ("Rustem Umerov mengatakan total korban 31 orang, sembilan di antaranya tewas.", "id", [(31, "exact", "casualties"), (9, "exact", "killed")]),
        ("Rustem Umerov mengatakan korban tewas sejak Januari telah mencapai 2.150 orang.", "id", [(2150, "exact", "killed")]),
        # a place or an acronym between the noun and its state
        ("Rustem Umerov said more than 700 people in Kherson were reported killed.", "en", [(700, "lower", "killed")]),
        ("Rustem Umerov mengatakan tiga anggota Front Pembebasan Nasional (FPN) tewas.", "id", [(3, "exact", "killed")]),
        # an unknown noun after "dan": not the count before it
        ("Rustem Umerov mengatakan 40 pekerja medis tewas dan 12 gedung hancur.", "id", [(40, "exact", "killed")]),
    ],
)
def test_kinds(text, lang, expected):
    assert counts(text, lang) == expected


def test_counts_belong_to_the_statement_of_their_sentence():
    # A background sentence with no speaker gives no count; the next sentence's speaker gets only
    # the numbers of its own sentence.
    text = (
        "The war began in 2014 and 5,000 volunteers joined in its first year.\n"
        "Rustem Umerov said on Monday that 37 soldiers were killed in the attack.\n"
    )
    assert counts(text, "en") == [(37, "exact", "killed")]


def by_speaker(text: str, lang: str) -> dict[str, list[tuple[int, str, str]]]:
    article = from_record(
        {"title": "t", "maintext": text, "date_publish": "2024-11-06 10:00:00", "language": lang, "url": "https://x.example/n"},
        "n.json",
    )
    found: dict[str, list] = {}
    for s in extract(article).statements:
        found.setdefault(s.speaker, []).extend((q.value, q.bound, q.kind) for q in s.quantities)
    return found


def test_a_number_another_actor_gives_in_the_same_sentence_is_not_the_speakers():
    # "..., while NATO said ...": the numbers after NATO's own verb are NATO's claim.
    text = "Rustem Umerov said 40 soldiers were killed, while NATO said about 300 soldiers had died.\n"
    assert by_speaker(text, "en") == {"Person:rustem-umerov": [(40, "exact", "killed")], "Q7184": [(300, "approximate", "killed")]}
    text = "Rustem Umerov membantah laporan itu, meskipun NATO menyebut sekitar 4.000 tentara tewas.\n"
    assert by_speaker(text, "id") == {"Person:rustem-umerov": [], "Q7184": [(4000, "approximate", "killed")]}
    # the speaker's own second verb, or a pronoun, keeps the numbers
    text = "Rustem Umerov said the front was holding, where he said 12 soldiers were wounded.\n"
    assert counts(text, "en") == [(12, "exact", "wounded")]


# --- kinds decided far from the noun, and kinds a state may not change --------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # a phrase about the noun stands between it and what happened: "loyal to", "serving with"
        ("Rustem Umerov said 310 gunmen loyal to the old regime had also died.", "en", [(310, "exact", "killed")]),
        ("Rustem Umerov said four of our soldiers serving with the border mission have lost their lives.", "en", [(4, "exact", "killed")]),
        ("Rustem Umerov said 64 men suspected of looting, including two officers, had been arrested.", "en", [(64, "exact", "prisoners"), (2, "exact", "prisoners")]),
        ("Rustem Umerov said 14 members of one farming family had been buried in the village.", "en", [(14, "exact", "killed")]),
        ("Rustem Umerov said 70 members of the city's police force and 35 fighters loyal to the rebel commander were among the dead.", "en", [(70, "exact", "killed"), (35, "exact", "killed")]),
        # ... but not across another clause, nor onto other people named in that phrase
        ("Rustem Umerov said 600 soldiers guarded the town where civilians were killed.", "en", [(600, "exact", "troops")]),
        ("Rustem Umerov said 600 soldiers trying to reach civilians who were trapped had arrived.", "en", [(600, "exact", "troops")]),
        # the verb of a list the count ends
        ("Rustem Umerov said the rocket hit the depot, killing a driver, the depot chief and at least 19 soldiers.", "en", [(19, "lower", "killed")]),
        ("Rustem Umerov said a shell struck the school, killing a teacher and her four pupils.", "en", [(4, "exact", "killed")]),
        ("Rustem Umerov mengatakan serangan itu menewaskan seorang komandan dan sedikitnya 19 tentara.", "id", [(19, "lower", "killed")]),
        ("Rustem Umerov said the drone killed a commander as 27 soldiers arrived.", "en", [(27, "exact", "troops")]),
        # nouns of an act done to those counted
        ("Rustem Umerov said the monitors confirmed the killings of 93 civilians.", "en", [(93, "exact", "killed")]),
        ("Rustem Umerov said the capture of 240 soldiers had shaken the command.", "en", [(240, "exact", "prisoners")]),
        # one noun of several words for "one"; an adverb before the state
        ("Rustem Umerov said one crew member died while two others were seriously hurt.", "en", [(1, "exact", "killed"), (2, "exact", "wounded")]),
        # a total named with a state of several words
        ("Rustem Umerov said the rebels put the number of soldiers killed or wounded at more than 45.", "en", [(45, "lower", "casualties")]),
        # evacuated or displaced: people in general become civilians, patients and workers stay people
        ("Rustem Umerov said 60 patients were evacuated from the clinic and 900 people were evacuated from the town.", "en", [(60, "exact", "people"), (900, "exact", "civilians")]),
        ("Rustem Umerov mengatakan 60 pasien yang dievakuasi dari klinik dan 900 orang yang dievakuasi dari kota itu.", "id", [(60, "exact", "people"), (900, "exact", "civilians")]),
        ("Rustem Umerov said 5,000 civilians had fled, including 60 patients.", "en", [(5000, "exact", "civilians"), (60, "exact", "people")]),
        ("Rustem Umerov mengatakan sekitar 3 ribu migran terjebak di kota itu.", "id", [(3000, "approximate", "civilians")]),
        # ... and wounded who are evacuated stay wounded
        ("Rustem Umerov said more than 50 soldiers were wounded, nine of them evacuated to Poland.", "en", [(50, "lower", "wounded"), (9, "exact", "wounded")]),
        ("Rustem Umerov mengatakan jumlah personel yang terluka bertambah menjadi lebih dari 50 orang, sembilan di antaranya dievakuasi ke Polandia.", "id", [(50, "lower", "wounded"), (9, "exact", "wounded")]),
        # crossing a border: people become refugees, soldiers stay troops
        ("Rustem Umerov said 7,000 people crossed the border overnight while 300 soldiers crossed into the enclave.", "en", [(7000, "exact", "civilians"), (300, "exact", "troops")]),
        ("Rustem Umerov mengatakan 18.200 orang telah melintasi perbatasan.", "id", [(18200, "exact", "civilians")]),
        # signing up makes soldiers of people
        ("Rustem Umerov said more than 210,000 people had signed contracts with the army this year.", "en", [(210000, "lower", "troops")]),
        ("Rustem Umerov mengatakan lebih dari 210.000 orang telah menandatangani kontrak dengan militer.", "id", [(210000, "lower", "troops")]),
        # counts found where they were missed: a possessive before the noun, a year in a total
        ("Rustem Umerov said more than 35 of the gang's fighters had been killed.", "en", [(35, "lower", "killed")]),
        ("Rustem Umerov said the shelling brought the number of civilians killed in the province since March 2024 to more than 650.", "en", [(650, "lower", "killed")]),
        # Indonesian "ke-" before a counted noun counts all of them; after a noun it is an ordinal
        ("Rustem Umerov mengatakan keempat prajurit yang tewas berasal dari satu desa.", "id", [(4, "exact", "killed")]),
        ("Rustem Umerov mengatakan hari ketiga pertempuran menewaskan 8 tentara.", "id", [(8, "exact", "killed")]),
        ("Rustem Umerov mengatakan kedua negara sepakat menukar tawanan.", "id", []),
        # equipment: bombs
        ("Rustem Umerov said the jet dropped three bombs on the market.", "en", [(3, "exact", "equipment")]),
    ],
)
def test_kinds_far_from_the_noun(text, lang, expected):
    assert counts(text, lang) == expected


# --- kinds said by the sentence, and counts written as strengths or totals (issue 11, round 3) ---


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # displacement in other words: driven out, forced from homes, internally displaced, affected
        ("Rustem Umerov said some 30,000 people had been driven out of the camps.", "en", [(30000, "approximate", "civilians")]),
        ("Rustem Umerov said 12,000 people were forced from their homes and 800 more were forced from homes in the hills.", "en", [(12000, "exact", "civilians"), (800, "exact", "civilians")]),
        ("Rustem Umerov said about 1.4 million people remain internally displaced.", "en", [(1400000, "approximate", "civilians")]),
        ("Rustem Umerov said 75,000 people were affected by the fighting.", "en", [(75000, "exact", "civilians")]),
        ("Rustem Umerov said the town had registered 14,000 returnees.", "en", [(14000, "exact", "civilians")]),
        ("Rustem Umerov said the agency was sheltering nearly 900 people and carrying food for 5,000 people.", "en", [(900, "upper", "civilians"), (5000, "exact", "civilians")]),
        ("Rustem Umerov mengatakan sekitar 40.000 orang terdampak banjir dan 6.000 orang telah meninggalkan kota itu.", "id", [(40000, "approximate", "civilians"), (6000, "exact", "civilians")]),
        # ... but soldiers who leave stay troops, and prisoners who flee stay prisoners
        ("Rustem Umerov mengatakan 300 tentara meninggalkan pos itu dan 200 narapidana melarikan diri.", "id", [(300, "exact", "troops"), (200, "exact", "prisoners")]),
        # held, taken prisoner, released as part of those held
        ("Rustem Umerov said the militia was still holding 40 villagers.", "en", [(40, "exact", "prisoners")]),
        ("Rustem Umerov said the rebels had taken 15 soldiers prisoner.", "en", [(15, "exact", "prisoners")]),
        ("Rustem Umerov said hundreds more are still held, including about 300 civilians.", "en", [(300, "approximate", "prisoners")]),
        ("Rustem Umerov mengatakan ratusan lainnya masih ditahan, termasuk sekitar 300 warga sipil.", "id", [(300, "approximate", "prisoners")]),
        ("Rustem Umerov mengatakan di antara mereka yang dibebaskan terdapat 14 prajurit dan dua warga sipil.", "id", [(14, "exact", "prisoners"), (2, "exact", "prisoners")]),
        ("Rustem Umerov mengatakan di antara korban luka terdapat tiga anak.", "id", [(3, "exact", "wounded")]),
        # hostages declared dead: killed
        ("Rustem Umerov said 90 hostages were still held, 30 of whom had been declared dead.", "en", [(90, "exact", "prisoners"), (30, "exact", "killed")]),
        # killed: fallen, fell, "neutralised" (the communiqués' word for fighters killed)
        ("Rustem Umerov said the bodies of 500 fallen soldiers had been returned.", "en", [(500, "exact", "killed")]),
        ("Rustem Umerov said 14 of our soldiers fell defending the bridge.", "en", [(14, "exact", "killed")]),
        ("Rustem Umerov said the army had neutralised 17 militants in the mountains.", "en", [(17, "exact", "killed")]),
        # losses: kehilangan, killed or wounded said together
        ("Rustem Umerov mengatakan musuh kehilangan sekitar 900 personel, termasuk hingga 300 tentara di sekitar kota itu.", "id", [(900, "approximate", "casualties"), (300, "upper", "casualties")]),
        ("Rustem Umerov mengatakan pasukannya menewaskan atau melukai sedikitnya sembilan prajurit.", "id", [(9, "lower", "casualties")]),
        ("Rustem Umerov mengatakan total kerugian personel musuh sejak Maret 2023 mencapai sekitar 400.000 orang.", "id", [(400000, "approximate", "casualties")]),
        # a total that goes on from the count before it: "bringing its tally ... to"
        ("Rustem Umerov said the enemy lost 900 killed or wounded on Monday, bringing its tally since March 2023 to roughly 400,000.", "en", [(900, "exact", "casualties"), (400000, "approximate", "casualties")]),
        ("Rustem Umerov said the group raised its count of civilians killed in the district to at least 240.", "en", [(240, "lower", "killed")]),
        ("Rustem Umerov said the overall toll since the clashes began had reached 310 once police officers are included.", "en", [(310, "exact", "killed")]),
        # a part of a total named before ("of the dead, 40 of them civilians")
        ("Rustem Umerov mengatakan dari jumlah korban tewas itu, 40 di antaranya warga sipil dan 12 personel militer.", "id", [(40, "exact", "killed"), (12, "exact", "killed")]),
        # a headline in title case: the state is capitalised
        ("Rustem Umerov: 7 Tewas, 19 Luka-luka dalam Serangan di Kota Itu", "id", [(7, "exact", "killed"), (19, "exact", "wounded")]),
        # strengths: a coalition, a grouping, a staff, and said of the subject
        ("Rustem Umerov said their 20,000-strong coalition would fight on.", "en", [(20000, "exact", "troops")]),
        ("Rustem Umerov said the enemy was assembling a 25,000-strong grouping near the river.", "en", [(25000, "exact", "troops")]),
        ("Rustem Umerov said its roughly 3,000-strong local staff could not reach the clinics.", "en", [(3000, "approximate", "people")]),
        ("Rustem Umerov said his force is 60,000-strong and growing.", "en", [(60000, "exact", "troops")]),
        # new nouns: sappers, instructors, projectiles
        ("Rustem Umerov said the army would send 800 sappers and 40 instructors.", "en", [(800, "exact", "troops"), (40, "exact", "troops")]),
        ("Rustem Umerov said the enemy fired waves of 20 to 40 projectiles.", "en", [(20, "lower", "equipment"), (40, "upper", "equipment")]),
        ("Rustem Umerov mengatakan sekitar 1.200 instruktur Rusia bertugas di negara itu.", "id", [(1200, "approximate", "troops")]),
        # the whole named first opens the clause: "of the 300 prisoners released, 90 people ..."
        ("Rustem Umerov said that of the 300 prisoners released, 90 people had served long sentences.", "en", [(300, "exact", "prisoners"), (90, "exact", "prisoners")]),
        ("Rustem Umerov mengatakan, dari 300 tahanan yang dibebaskan, 90 orang menjalani hukuman panjang, dan 40 di antaranya dipulangkan.", "id", [(300, "exact", "prisoners"), (90, "exact", "prisoners"), (40, "exact", "prisoners")]),
        # ... not a whole of places, nor a count far from the comma
        ("Rustem Umerov said that of the 30 villages searched, 90 people had fled.", "en", [(90, "exact", "civilians")]),
        # headline verbs without their prefix ("Tewaskan"), and people moved away from the border
        ("Rustem Umerov: Serangan Tewaskan 31 Orang, Termasuk Empat Anak", "id", [(31, "exact", "killed"), (4, "exact", "killed")]),
        ("Rustem Umerov said more than 90,000 people had been moved away from border districts.", "en", [(90000, "lower", "civilians")]),
        # soldiers sent somewhere stay troops
        ("Rustem Umerov said the army sent 300 soldiers to the hospital to guard it.", "en", [(300, "exact", "troops")]),
    ],
)
def test_kinds_the_sentence_says(text, lang, expected):
    assert counts(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # the state past names in apposition to the noun
        ("Rustem Umerov said one soldier, Corporal John Smith, was also killed.", "en", [(1, "exact", "killed")]),
        ("Rustem Umerov said two officers, Colonel John Smith and Major Tom Brown, were among those taken prisoner.", "en", [(2, "exact", "prisoners")]),
        # losses the state after the noun makes precise
        ("Rustem Umerov said the rebels had lost 90 fighters killed and 31 captured.", "en", [(90, "exact", "killed"), (31, "exact", "prisoners")]),
        # a list of parts past an "of" phrase
        (
            "Rustem Umerov said 300 people had been killed, among them 70 Druze fighters, 105 members of the security forces and 18 tribal fighters.",
            "en",
            [(300, "exact", "killed"), (70, "exact", "killed"), (105, "exact", "killed"), (18, "exact", "killed")],
        ),
        # a noun of no count coordinated with the counted one, then the state
        ("Rustem Umerov said more than 460 patients and their relatives were killed.", "en", [(460, "lower", "killed")]),
        ("Rustem Umerov mengatakan lebih dari 200 anggota milisi dan kelompok sekutunya tewas.", "id", [(200, "lower", "killed")]),
        # neutralised, in a headline too
        ("Rustem Umerov said more than 30 fighters 'neutralised' in strikes", "en", [(30, "lower", "killed")]),
        ("Rustem Umerov: Lebih dari 200 Militan Dinetralisir", "id", [(200, "lower", "killed")]),
        # bodies of, jenazah: killed
        ("Rustem Umerov said the army had received the bodies of four hostages.", "en", [(4, "exact", "killed")]),
        ("Rustem Umerov mengatakan militer menerima jenazah empat sandera.", "id", [(4, "exact", "killed")]),
        # sent to hospital: wounded, the count before notwithstanding
        ("Rustem Umerov said strikes killed 224 people and sent 1,277 others to hospital.", "en", [(224, "exact", "killed"), (1277, "exact", "wounded")]),
        # civilians affected: confined, at risk, driven out (terusir), a town's population
        ("Rustem Umerov said at least 20,000 people were confined to their villages.", "en", [(20000, "lower", "civilians")]),
        ("Rustem Umerov said 2 million people were at risk of famine.", "en", [(2000000, "exact", "civilians")]),
        ("Rustem Umerov mengatakan sekitar 3,5 juta orang kini terusir dari rumah mereka.", "id", [(3500000, "approximate", "civilians")]),
        ("Rustem Umerov mengatakan kota berpenduduk sekitar 1,3 juta jiwa itu aman.", "id", [(1300000, "approximate", "civilians")]),
        # patients with wounds stay people; wounded patients are wounded; patients killed are killed
        ("Rustem Umerov said 23 patients with severe injuries had arrived.", "en", [(23, "exact", "people")]),
        ("Rustem Umerov mengatakan 17 pasien luka berat dipindahkan ke Armenia.", "id", [(17, "exact", "people")]),
        ("Rustem Umerov said the clinic had treated 38 wounded patients.", "en", [(38, "exact", "wounded")]),
        # a total in a headline with the bare root of its verb ("capai")
        ("Rustem Umerov: korban tewas di kota itu capai 639 jiwa", "id", [(639, "exact", "killed")]),
    ],
)
def test_kinds_round_five(text, lang, expected):
    assert counts(text, lang) == expected
