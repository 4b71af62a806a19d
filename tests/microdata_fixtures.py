"""Hand-built microdata landing zones for end-to-end tests (tests/test_trace_sections.py), written as the
extracts are delivered (data_contracts.md). The SQL arithmetic on these rows is unit-tested in dbt
(models/**/_*__unit_tests.yml, docs/testing.md); here they only have to flow through the whole pipeline.

Pupils in leerjaar 4 of schooljaar 2021 (vestiging 10AB00 is in STO region R01, 10AB01 in none):

    id   profiel leerweg vest  sex mig  exams 2021 (owning profile)                  on 1-10-2022
    P1   BWI     bb      10AB00 M  N    XBWIK01 BWI, XBWIK02 BWI, XEOK01 E&O mbo 25401 (niv 2 BOL) + 25402 (niv 3 BBL)
    P2   BWI     bb      10AB00 V  J    XBWIK01 BWI, XPIEK01 PIE                      mbo 25417 BOL (not technical)
    P3   PIE     kb      10AB00 M  N    XPIEK01 PIE, 1511 MVI                         mbo 25411 BOL (ind. J, sk N)
    P4   Z&W     bb      10AB01 V  J    1511 MVI, XZWK01 Z&W                          mbo 25403 BOL (technical both)
    P5   Z&W     bb      10AB01 V  N    XZWK01 Z&W, 9999 (not in the reference list)  no record at all
    P6   E&O     kb      10AB01 M  N    XEOK01 E&O, XBWIP01 BWI (profielmodule)       vo, havo element code 0200
    P7   tl      tl      10AB00 M  N    XPIEK01 PIE                                   mbo 25412 BOL (ind. J, sk N)
    P8   D&P     gl      10AB01 M  J    -                                             vo, still leerjaar 4 vmbo (6931)
    P9   Z&W     bb      10AB01 M  N    XZWK01 Z&W                                    mbo 25418 BOL (not technical)
    P10  E&O     kb      10AB01 M  N    XEOK01 E&O                                    mbo 25407 BOL (technical both)

IPTO teacher extracts: `line()` writes one row (fte = deeltijdfactor x aandeel_profiel), `write_extract()` a file.
"""

from pathlib import Path

LJ4_2021 = [  # leerling_id, vestigingsnummer, elementcode, geslacht, migratieachtergrond
    ("P1", "00", "6011", "M", "N"),
    ("P2", "00", "6011", "V", "J"),
    ("P3", "00", "6121", "M", "N"),
    ("P4", "01", "6611", "V", "J"),
    ("P5", "01", "6611", "V", "N"),
    ("P6", "01", "6421", "M", "N"),
    ("P7", "00", "0470", "M", "N"),
    ("P8", "01", "6931", "M", "J"),
    ("P9", "01", "6611", "M", "N"),
    ("P10", "01", "6421", "M", "N"),
]
LJ3_2021 = [
    ("Q1", "00", "6011"),
    ("Q2", "00", "6011"),
    ("Q3", "00", "6011"),
    ("Q4", "00", "6011"),
    ("Q5", "01", "6611"),
]
VO_2022 = [  # leerling_id, vestigingsnummer, elementcode, leerjaar
    ("P6", "01", "0200", "4"),  # havo
    ("P8", "01", "6931", "4"),  # stays in vmbo
    ("Q1", "00", "6111", "4"),  # BWI bb -> PIE bb: switch of profile
    ("Q2", "00", "6021", "4"),  # BWI bb -> BWI kb: switch of leerweg
    ("Q3", "00", "6011", "4"),  # no switch
    ("Q5", "01", "6611", "4"),  # no switch; Q4 has no record: uitval
]
MBO_2022 = [  # leerling_id, opleidingscode, niveau, leerweg
    ("P1", "25401", "2", "BOL"),
    ("P1", "25402", "3", "BBL"),  # two programmes: the highest niveau (25402, BBL) is chosen
    ("P2", "25417", "3", "BOL"),
    ("P3", "25411", "3", "BOL"),
    ("P4", "25403", "3", "BOL"),
    ("P7", "25412", "4", "BOL"),
    ("P9", "25418", "3", "BOL"),
    ("P10", "25407", "2", "BOL"),
]
MBO_2023 = [  # first-year uitval / switch of the 2021 cohort's mbo entrants (P3 has no record: uitval)
    ("P1", "25402", "3", "BBL"),
    ("P2", "25418", "3", "BOL"),  # switch
    ("P4", "25403", "3", "BOL"),
    ("P9", "25418", "3", "BOL"),
    ("P10", "25408", "3", "BOL"),  # switch
]
EXAMS_2021 = {
    "P1": ["XBWIK01", "XBWIK02", "XEOK01"],
    "P2": ["XBWIK01", "XPIEK01"],
    "P3": ["XPIEK01", "1511"],
    "P4": ["1511", "XZWK01"],
    "P5": ["XZWK01", "9999"],
    "P6": ["XEOK01", "XBWIP01"],
    "P7": ["XPIEK01"],
    "P9": ["XZWK01"],
    "P10": ["XEOK01"],
}
SVO = [  # respondent, leerweg, profiel, weegfactor, aantrekkelijk, actueel
    ("R1", "bb", "BWI", "1,0", "5", "3"),
    ("R2", "bb", "PIE", "2,0", "4", "4"),
    ("R3", "bb", "MVI", "1,0", "2", ""),  # actueel not answered: not in that item's denominator
    ("R4", "bb", "Z&W", "1,5", "4", ""),
    ("R5", "kb", "Z&W", "0,5", "1", ""),
    ("R6", "tl", "", "1,0", "5", ""),  # no profile: neither techniek nor niet-techniek
]


def write(path: Path, header: str, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def write_landing(home: Path) -> None:
    """The landing zone of the table above: vo and mbo enrolments 2021-2023, keuzevak exams, school leavers, regions."""
    landing = home / "landing"
    vo_header = (
        "leerling_id;peildatum;brin;vestigingsnummer;elementcode;leerjaar;geslacht;migratieachtergrond;postcode4"
    )
    vo_2021 = [f"{i};2021-10-01;10AB;{v};{e};4;{g};{m};3511" for i, v, e, g, m in LJ4_2021]
    vo_2021 += [f"{i};2021-10-01;10AB;{v};{e};3;M;N;3511" for i, v, e in LJ3_2021]
    write(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2021.csv", vo_header, vo_2021)
    write(
        landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2022.csv",
        vo_header,
        [f"{i};2022-10-01;10AB;{v};{e};{lj};M;N;3511" for i, v, e, lj in VO_2022],
    )
    # 2023: the last year; its leerjaar-4 pupil has no t+1 and therefore no doorstroom row.
    write(
        landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2023.csv",
        vo_header,
        ["Z1;2023-10-01;10AB;01;6611;4;V;N;3511"],
    )
    mbo_header = "leerling_id;peildatum;brin;opleidingscode;niveau;leerweg_mbo"
    for year, rows in ((2022, MBO_2022), (2023, MBO_2023)):
        write(
            landing / "duo_inschrijvingen_mbo" / f"inschrijvingen-mbo-{year}.csv",
            mbo_header,
            [f"{i};{year}-10-01;25MB;{c};{n};{lw}" for i, c, n, lw in rows],
        )
    elementcode = {i: e for i, _v, e, _g, _m in LJ4_2021}
    vest = {i: v for i, v, _e, _g, _m in LJ4_2021}
    write(
        landing / "duo_examens_vakken" / "examens-vakken-2021.csv",
        "leerling_id;schooljaar;brin;vestigingsnummer;elementcode;vakcode;vaksoort;eindcijfer",
        [
            f"{p};2021;10AB;{vest[p]};{elementcode[p]};{v};{'profielmodule' if 'P0' in v else 'keuzevak'};6,5"
            for p, vakken in EXAMS_2021.items()
            for v in vakken
        ],
    )
    items = "aantrekkelijk;actueel;uitdagend;basis_keuze;basis_vervolg;aansluiting"
    write(
        landing / "schoolverlaters" / "schoolverlaters-2023.csv",
        f"respondent_id;meting;diploma_schooljaar;leerweg;profiel;weegfactor;{items}",
        [f"{r};2023;2021;{lw};{p};{w};{a};{t};;;;" for r, lw, p, w, a, t in SVO],
    )
    write(
        landing / "reference" / "sto_regio_vestigingen.csv",
        "sto_regio_id;regio_naam;techniekluw;brin;vestigingsnummer;geldig_van;geldig_tot",
        ["R01;Regio Een;N;10AB;00;2015-08-01;"],
    )


IPTO_HEADER = (
    "persoon_id;peildatum;brin;profiel;functiecategorie;deeltijdfactor;aandeel_profiel;leeftijd;geslacht;"
    "bevoegd;contract;situatie_5jr_eerder;hoofdbaan_buiten_onderwijs"
)


def line(pid: str, peildatum: str, brin: str, profiel: str, dtf: str, aandeel: str, attrs: tuple) -> str:
    """One IPTO row; attrs = (leeftijd, geslacht, bevoegd, contract, functiecategorie, situatie, hoofdbaan)."""
    age, sex, bev, contract, functie, situatie, hoofdbaan = attrs
    return ";".join(
        str(v)
        for v in (pid, peildatum, brin, profiel, functie, dtf, aandeel, age, sex, bev, contract, situatie, hoofdbaan)
    )


def write_extract(folder: Path, year: int, lines: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"ipto_lesgevenden_{year}.csv").write_text("\n".join([IPTO_HEADER, *lines]) + "\n", encoding="utf-8")
