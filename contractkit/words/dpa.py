"""The data protection supervisory authority of a German data exporter, by its Land.

Germany has one supervisory authority per Land for private bodies (BDSG §40(1)); for SCC Clause 13
and Annex I.C the authority is the one where the data exporter is established (review-en2 E8,
review-en3 E5). The Land is read from the city of the address ("80802 München"); a city not in
this table is not guessed: the annex then names the authority by its rule, not by name.
"""

from __future__ import annotations

import re

AUTHORITIES = {
    "BW": "the Landesbeauftragte für den Datenschutz und die Informationsfreiheit Baden-Württemberg "
          "(LfDI Baden-Württemberg), Stuttgart",
    "BY": "the Bayerisches Landesamt für Datenschutzaufsicht (BayLDA), Ansbach",
    "BE": "the Berliner Beauftragte für Datenschutz und Informationsfreiheit (BlnBDI), Berlin",
    "BB": "the Landesbeauftragte für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg "
          "(LDA Brandenburg), Kleinmachnow",
    "HB": "the Landesbeauftragte für Datenschutz und Informationsfreiheit der Freien Hansestadt Bremen "
          "(LfDI Bremen), Bremen",
    "HH": "the Hamburgische Beauftragte für Datenschutz und Informationsfreiheit (HmbBfDI), Hamburg",
    "HE": "the Hessische Beauftragte für Datenschutz und Informationsfreiheit (HBDI), Wiesbaden",
    "MV": "the Landesbeauftragte für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern, Schwerin",
    "NI": "the Landesbeauftragte für den Datenschutz Niedersachsen (LfD Niedersachsen), Hannover",
    "NW": "the Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW), "
          "Düsseldorf",
    "RP": "the Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz "
          "(LfDI Rheinland-Pfalz), Mainz",
    "SL": "the Unabhängiges Datenschutzzentrum Saarland (UDZ), Saarbrücken",
    "SN": "the Sächsische Datenschutz- und Transparenzbeauftragte, Dresden",
    "ST": "the Landesbeauftragte für den Datenschutz Sachsen-Anhalt, Magdeburg",
    "SH": "the Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein (ULD), Kiel",
    "TH": "the Thüringer Landesbeauftragte für den Datenschutz und die Informationsfreiheit (TLfDI), Erfurt",
}
"""Each Land's authority for private bodies, with its seat."""

CITIES = {
    "BW": ("stuttgart", "karlsruhe", "mannheim", "freiburg im breisgau", "heidelberg", "ulm", "heilbronn",
           "pforzheim", "reutlingen", "tübingen", "konstanz", "esslingen am neckar", "ludwigsburg"),
    "BY": ("münchen", "munich", "nürnberg", "nuremberg", "augsburg", "regensburg", "ingolstadt", "würzburg",
           "fürth", "erlangen", "bamberg", "bayreuth", "landshut", "passau", "rosenheim", "kempten"),
    "BE": ("berlin",),
    "BB": ("potsdam", "cottbus", "brandenburg an der havel", "frankfurt (oder)", "frankfurt/oder"),
    "HB": ("bremen", "bremerhaven"),
    "HH": ("hamburg",),
    "HE": ("frankfurt am main", "wiesbaden", "darmstadt", "kassel", "offenbach am main", "hanau", "gießen",
           "marburg", "fulda", "bad homburg vor der höhe", "eschborn"),
    "MV": ("schwerin", "rostock", "greifswald", "neubrandenburg", "stralsund", "wismar"),
    "NI": ("hannover", "hanover", "braunschweig", "oldenburg (oldb)", "osnabrück", "wolfsburg", "göttingen",
           "hildesheim", "salzgitter", "lüneburg", "wilhelmshaven"),
    "NW": ("köln", "cologne", "düsseldorf", "dortmund", "essen", "duisburg", "bochum", "wuppertal",
           "bielefeld", "bonn", "münster", "mönchengladbach", "gelsenkirchen", "aachen", "krefeld",
           "oberhausen", "hagen", "hamm", "mülheim an der ruhr", "leverkusen", "solingen", "paderborn"),
    "RP": ("mainz", "ludwigshafen am rhein", "ludwigshafen", "koblenz", "trier", "kaiserslautern", "worms"),
    "SL": ("saarbrücken", "homburg", "saarlouis"),
    "SN": ("dresden", "leipzig", "chemnitz", "zwickau", "plauen", "görlitz"),
    "ST": ("magdeburg", "halle (saale)", "dessau-roßlau", "lutherstadt wittenberg"),
    "SH": ("kiel", "lübeck", "flensburg", "neumünster", "norderstedt"),
    "TH": ("erfurt", "jena", "gera", "weimar", "gotha", "eisenach"),
}
"""Cities wholly within one Land, by a name no other German town bears ("Halle" alone, "Offenbach"
alone, "Frankfurt" alone are left out); no postcode range is one Land's (63739 Aschaffenburg is
Bavarian, 63450 Hanau Hessian)."""

LAND_OF = {city: land for land, cities in CITIES.items() for city in cities}
POSTCODE_CITY = re.compile(r"\b\d{5}\s+([^,\d]+)")


def german_authority(address: str) -> str:
    """The authority of the Land the address is in ("" when the city is not in the table)."""
    found = POSTCODE_CITY.search(address or "")
    if not found:
        return ""
    city = " ".join(found.group(1).split()).lower()
    land = LAND_OF.get(city) or LAND_OF.get(re.split(r"[-\s]", city)[0])  # "Berlin-Mitte"
    return AUTHORITIES.get(land or "", "")
