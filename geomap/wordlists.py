"""Closed word lists the recogniser uses (hand-written for geomap).

Kept apart from the logic so that they can be read, reviewed and extended without
touching the rules in ``geomap/recognise/``. The word sets, ``PLACE_CONTEXT`` and
``PLURAL_DESIGNATORS`` are lower case (they are matched against lower-cased words);
``ENGLISH_ARTICLES`` is capitalised (it is matched as written: "As Mosul fell") and
``REGION_ABBREVIATIONS`` and ``POSTAL_CODES`` are not lower case either: their keys are
abbreviations as written in the text ("Calif.", "NSW", "KY") and their values full
names with their capitals.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "ADJECTIVE_TITLES",
    "ADMIN1_WORDS",
    "ADMIN2_WORDS",
    "ARABIC_ARTICLES",
    "AROUND_WORDS",
    "COMPASS_WORDS",
    "CONNECTORS",
    "DIRECTION_WORDS",
    "DISEASE_WORDS",
    "ENGLISH_ARTICLES",
    "FEATURE_PREFIXES",
    "FEATURE_WORDS",
    "LEADING_WORDS",
    "LOCAL_INSTITUTIONS",
    "LOCATIVE_WORDS",
    "NON_PLACE_NAMES",
    "ORG_WORDS",
    "PART_WORDS",
    "POSTAL_CODES",
    "PERSON_TITLES",
    "PLACE_CONTEXT",
    "PLACE_HEAD_NOUNS",
    "PLURAL_DESIGNATORS",
    "REGION_ABBREVIATIONS",
    "SAINT_WORDS",
    "SERVICE_WORDS",
    "SPEECH_VERBS",
    "STOPWORDS",
    "STREET_ABBREVIATIONS",
    "STREET_LEAD_WORDS",
    "STREET_WORDS",
    "VAGUE_DESIGNATORS",
]

# Words that, capitalised, start sentences or headlines and are also the name of some
# village somewhere: never a place on their own.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above according across after afterwards again against ago ahead all almost
    along already also although always am among an and another any anyone anything are
    around as at away back be because been before behind being below beside besides
    between beyond both breaking but by can cannot could current currently day days did
    do does doing done down during each early earlier either else even ever every
    everyone everything few first for former from further had has have having he her
    here hers herself him himself his how however i if in indeed inside instead into is
    it its itself just last late later least less let like little live long made many
    may maybe me meanwhile metro might jesus christmas easter halloween thanksgiving olympic
    olympics more moreover most much must my near nearly neither
    never new news next no none nor not nothing now of off often on once one only onto
    or other others otherwise our ours out outside over own part per perhaps please
    plus quite rather really recently same see several she should since so some
    something sometimes soon still such than that the their theirs them themselves then
    there therefore these they this those though through throughout thus to today
    together tomorrow too toward towards under unless until up upon us very via was we
    well were what whatever when whenever where whereas wherever whether which while
    who whoever whole whom whose why will with within without yesterday yet you your
    yours
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    mr mrs ms dr sir madam lord lady saint
    police army navy government president minister officials official spokesman
    spokeswoman university college school church hospital court city town village
    county state province region district capital airport station street road avenue
    north south east west northern southern eastern western central upper lower
    northwest northeast southwest southeast northwestern northeastern southwestern
    southeastern midwest federal national regional provincial municipal
    two three four five six seven eight nine ten eleven twelve twenty hundred thousand
    million billion first second third fourth fifth last mass human crime go
    great little old new big black white red green blue gold golden silver
    god christ lord allah islam christian christians muslim muslims jewish
    english french spanish german latin arabic
    home house office center centre market park lake river bay beach island hill
    mountain valley forest field fields spring springs falls point port fort mount
    union unity liberty victory independence freedom justice peace hope faith
    chance deal sale worth
    says said told added asked wrote reports report reported update updated
    photo video watch click share read more comments comment subscribe advertisement
    related story stories top latest world business sports sport weather opinion
    health science technology entertainment politics local national international
    source sources via copyright associated press reuters
    """.split()
)

# Lower-case words allowed inside a multi-word place name.
# English words that are also Arabic articles ("at", "as", "an") are left out: they
# would glue "Schools at Lindale" into one run.
CONNECTORS: frozenset[str] = frozenset(
    "of de del della di da do dos das du des la le les el al ad ar az ash adh ath ed ez es "
    "upon sur am im bin ibn".split()
)

# Capitalised words that make a run of capitalised words an organisation, a title or
# a publication rather than a place ("Badr Organization", "USA Today").
ORG_WORDS: frozenset[str] = frozenset(
    """
    organization organisation organizations party parties company co corp corporation
    inc ltd llc plc group holdings bank banks fund foundation association society
    institute institution university college school schools academy council committee
    commission ministry department agency bureau office authority board service services
    patrol legislature senate assembly parliament
    times post news today herald journal tribune gazette press daily weekly magazine
    review telegraph guardian independent chronicle observer standard star sun mail
    express record courier examiner monitor reporter radio tv television network
    channel broadcasting media airlines airways air lines railway railways motors
    club fc united rangers athletic league cup championship open chamber
    operation resolve brigade brigades battalion division corps front movement
    forces force guard guards militia army navy command
    church mosque temple cathedral hospital clinic center centre hotel stadium
    street st avenue ave road rd boulevard blvd
    prize award awards festival conference summit
    apartments apartment mall tower towers building museum library theatre theater
    arena restaurant cafe pub
    """.split()
)

# Institutions named like a place that are not one in the news ("White House staffers").
NON_PLACE_NAMES: frozenset[str] = frozenset(
    {
        "white house",
        # Movements and parties of the news that share a village's name.
        "hamas",
        "fatah",
        "hezbollah",
        "taliban",
        # Weather patterns, not the villages called so.
        "el nino",
        "la nina",
        # "Metro Vancouver", "Metro Police": the metropolitan area or service, not
        # Metro, Indonesia.
        "metro",
    }
)

# Titles that precede a person's name ("Col. John Dorrian").
PERSON_TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev reverend father sister brother
    col colonel gen general lt lieutenant maj major capt captain sgt sergeant cpl
    corporal pvt private adm admiral cmdr commander gov governor sen senator rep
    representative president vice pm minister secretary ambassador mayor judge
    justice chancellor king queen prince princess sheikh shaykh imam ayatollah
    cardinal pope archbishop bishop monsignor priest deacon spokesman spokeswoman chief
    director coach officer
    detective sheriff deputy agent commissioner councilman councilwoman councillor
    councilor chairman chairwoman chair ceo founder attorney lawyer professor economist
    spokesperson superintendent principal manager trooper pastor rabbi supervisor
    treasurer clerk representative delegate assemblyman assemblywoman legislator
    """.split()
)

SPEECH_VERBS: frozenset[str] = frozenset(
    "said says told added asked wrote stated noted explained argued warned claimed "
    "announced tweeted replied insisted believes believed thinks".split()
)

# Words before a name that mark it as a location ("in Mosul", "near Raqqa").
LOCATIVE_WORDS: frozenset[str] = frozenset(
    "in at near from to outside inside into toward towards across around through via "
    "throughout within between of northeast northwest southeast southwest north south "
    "east west".split()
)

# Phrases before a name that mark it as a place even when the gazetteer lacks it
# ("the town of Qayyarah", "villages near Hawija"); matched on the lower-cased words.
PLACE_CONTEXT: tuple[tuple[str, ...], ...] = (
    ("town", "of"),
    ("city", "of"),
    ("village", "of"),
    ("villages", "of"),
    ("villages", "near"),
    ("villages", "around"),
    ("towns", "near"),
    ("towns", "of"),
    ("district", "of"),
    ("districts", "of"),
    ("province", "of"),
    ("governorate", "of"),
    ("region", "of"),
    ("county", "of"),
    ("state", "of"),
    ("suburb", "of"),
    ("outskirts", "of"),
    ("neighbourhood", "of"),
    ("neighborhood", "of"),
    ("hamlet", "of"),
    ("municipality", "of"),
    ("island", "of"),
    ("port", "of"),
    ("camp", "near"),
    ("area", "of"),
    ("people", "of"),
    ("residents", "of"),
    ("capital", "of"),
    ("streets", "of"),
    ("centre", "of"),
    ("center", "of"),
)

# Designators of first-level regions ("Diyala province", "the province of Nineveh").
ADMIN1_WORDS: frozenset[str] = frozenset(
    "province governorate state region oblast prefecture emirate canton territory".split()
)

# Designators of lower-level divisions: found, but not resolved to an admin-1 region.
ADMIN2_WORDS: frozenset[str] = frozenset("county district parish borough municipality".split())

# Newspaper (AP style) abbreviations of US states and Canadian provinces, as written
# after a town ("Huntsville, Ala."), and a few regions' acronyms ("NSW"): abbreviation ->
# (full name, ISO country code). "BC" and "B.C." after a number are a year.
REGION_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "Ala.": ("Alabama", "US"),
    "Ariz.": ("Arizona", "US"),
    "Ark.": ("Arkansas", "US"),
    "Calif.": ("California", "US"),
    "Colo.": ("Colorado", "US"),
    "Conn.": ("Connecticut", "US"),
    "Del.": ("Delaware", "US"),
    "D.C.": ("District of Columbia", "US"),
    "Fla.": ("Florida", "US"),
    "Ga.": ("Georgia", "US"),
    "Ill.": ("Illinois", "US"),
    "Ind.": ("Indiana", "US"),
    "Kan.": ("Kansas", "US"),
    "Kans.": ("Kansas", "US"),
    "Ky.": ("Kentucky", "US"),
    "La.": ("Louisiana", "US"),
    "Md.": ("Maryland", "US"),
    "Mass.": ("Massachusetts", "US"),
    "Mich.": ("Michigan", "US"),
    "Minn.": ("Minnesota", "US"),
    "Miss.": ("Mississippi", "US"),
    "Mo.": ("Missouri", "US"),
    "Mont.": ("Montana", "US"),
    "Neb.": ("Nebraska", "US"),
    "Nebr.": ("Nebraska", "US"),
    "Nev.": ("Nevada", "US"),
    "N.H.": ("New Hampshire", "US"),
    "N.J.": ("New Jersey", "US"),
    "N.M.": ("New Mexico", "US"),
    "N.Y.": ("New York", "US"),
    "N.C.": ("North Carolina", "US"),
    "N.D.": ("North Dakota", "US"),
    "Okla.": ("Oklahoma", "US"),
    "Ore.": ("Oregon", "US"),
    "Pa.": ("Pennsylvania", "US"),
    "R.I.": ("Rhode Island", "US"),
    "S.C.": ("South Carolina", "US"),
    "S.D.": ("South Dakota", "US"),
    "Tenn.": ("Tennessee", "US"),
    "Tex.": ("Texas", "US"),
    "Va.": ("Virginia", "US"),
    "Vt.": ("Vermont", "US"),
    "Wash.": ("Washington", "US"),
    "W.Va.": ("West Virginia", "US"),
    "W. Va.": ("West Virginia", "US"),
    "Wis.": ("Wisconsin", "US"),
    "Wyo.": ("Wyoming", "US"),
    "Alta.": ("Alberta", "CA"),
    "B.C.": ("British Columbia", "CA"),
    "Man.": ("Manitoba", "CA"),
    "Ont.": ("Ontario", "CA"),
    "Que.": ("Quebec", "CA"),
    "Sask.": ("Saskatchewan", "CA"),
    "N.S.": ("Nova Scotia", "CA"),
    "N.B.": ("New Brunswick", "CA"),
    "Nfld.": ("Newfoundland and Labrador", "CA"),
    # Undotted acronyms that name one region only.
    "BC": ("British Columbia", "CA"),
    "NSW": ("New South Wales", "AU"),
}

# Postal codes of US states, Canadian provinces and Australian states, written alone
# ("Lexington, KY", "Perth WA"). Only a name the gazetteer does not know is read as one:
# "IN", "OR", "ME" are words, "SA" is South Africa as often as South Australia, and "NT"
# and "WA" are two countries' regions.
POSTAL_CODES: dict[str, tuple[str, str]] = {
    **{
        code: (name, "US")
        for code, name in (
            ("AL", "Alabama"),
            ("AK", "Alaska"),
            ("AZ", "Arizona"),
            ("AR", "Arkansas"),
            ("CA", "California"),
            ("CO", "Colorado"),
            ("CT", "Connecticut"),
            ("DE", "Delaware"),
            ("DC", "District of Columbia"),
            ("FL", "Florida"),
            ("GA", "Georgia"),
            ("HI", "Hawaii"),
            ("ID", "Idaho"),
            ("IL", "Illinois"),
            ("IA", "Iowa"),
            ("KS", "Kansas"),
            ("KY", "Kentucky"),
            ("LA", "Louisiana"),
            ("MD", "Maryland"),
            ("MA", "Massachusetts"),
            ("MI", "Michigan"),
            ("MN", "Minnesota"),
            ("MS", "Mississippi"),
            ("MO", "Missouri"),
            ("MT", "Montana"),
            ("NE", "Nebraska"),
            ("NV", "Nevada"),
            ("NH", "New Hampshire"),
            ("NJ", "New Jersey"),
            ("NM", "New Mexico"),
            ("NY", "New York"),
            ("NC", "North Carolina"),
            ("ND", "North Dakota"),
            ("OH", "Ohio"),
            ("OK", "Oklahoma"),
            ("PA", "Pennsylvania"),
            ("RI", "Rhode Island"),
            ("SC", "South Carolina"),
            ("SD", "South Dakota"),
            ("TN", "Tennessee"),
            ("TX", "Texas"),
            ("UT", "Utah"),
            ("VT", "Vermont"),
            ("VA", "Virginia"),
            ("WV", "West Virginia"),
            ("WI", "Wisconsin"),
            ("WY", "Wyoming"),
        )
    },
    **{
        code: (name, "CA")
        for code, name in (
            ("AB", "Alberta"),
            ("MB", "Manitoba"),
            ("NB", "New Brunswick"),
            ("NL", "Newfoundland and Labrador"),
            ("NS", "Nova Scotia"),
            ("ON", "Ontario"),
            ("PE", "Prince Edward Island"),
            ("QC", "Quebec"),
            ("SK", "Saskatchewan"),
            ("YT", "Yukon"),
            ("NU", "Nunavut"),
        )
    },
    **{
        code: (name, "AU")
        for code, name in (
            ("ACT", "Australian Capital Territory"),
            ("QLD", "Queensland"),
            ("TAS", "Tasmania"),
            ("VIC", "Victoria"),
        )
    },
}
# Words before a place's name that name a part of it ("North London", "Upper Edmonton",
# "Greater Manchester") and words after it that name what lies in or around it
# ("Birmingham City", "Colorado State", "Karak district", "Swat Valley"): a name the
# gazetteer lacks is looked up without them.
PART_WORDS: frozenset[str] = frozenset("upper lower greater inner outer downtown".split())
AROUND_WORDS: frozenset[str] = frozenset(
    "city state district region area valley metro suburbs county parish province".split()
)

# Words that end (or, for the prefixes, start) the name of a natural feature: the whole
# run is one place ("Neches River", "Indian Ocean", "Lake Tahoe", "Mount Sinjar").
FEATURE_WORDS: frozenset[str] = frozenset(
    "ocean sea river lake mountains mountain range gulf bay island islands peninsula desert "
    "valley creek canyon strait channel falls basin plateau glacier delta archipelago "
    "coast reef park".split()
)
FEATURE_PREFIXES: frozenset[str] = frozenset("lake mount mt cape isle gulf".split())

# The last word of a street's name: "Royal Street", "Memphis St.", "Eglinton Avenue West".
# "Dr." and "Court" are left out: they are doctors and courts of law as often as not.
STREET_WORDS: frozenset[str] = frozenset(
    "street st avenue ave road rd boulevard blvd lane ln parkway pkwy drive highway hwy "
    "expressway freeway turnpike pike terrace".split()
)
# Words that name a part of the place after them: "North Africa", "Northeast Georgia".
COMPASS_WORDS: frozenset[str] = frozenset(
    "north south east west northern southern eastern western northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern central "
    "upper lower".split()
)
# Lower-case words after a place's name that make it a disease's name ("West Nile virus").
DISEASE_WORDS: frozenset[str] = frozenset(
    "virus viruses ebolavirus fever flu influenza disease encephalitis".split()
)
# A direction after a street's name belongs to it: "40th Avenue South".
DIRECTION_WORDS: frozenset[str] = frozenset(
    "north south east west northeast northwest southeast southwest".split()
)

# Nouns that, right after a name, show it is a place used as a modifier ("a Lancaster
# girl", "the DeKalb area", "Monroe Mayor Robert Routson").
PLACE_HEAD_NOUNS: frozenset[str] = frozenset(
    """
    area areas police officials official residents resident man woman men women girl
    boy teen teenager mother father family families native natives school schools park
    city town village county council councillor councilman mayor sheriff hospital church
    community neighborhood neighbourhood street road businesses voters students teacher
    teachers firefighters department township borough district downtown suburb region
    """.split()
)

# Abbreviations whose full stop ends no sentence ("Dr. Smith", "Jan. 5").
ABBREVIATIONS: frozenset[str] = frozenset(
    "mr mrs ms dr st mt ft col gen lt maj capt sgt cpl pvt adm cmdr gov sen rep rev "
    "prof jr sr no vs etc inc corp co ltd dept univ jan feb mar apr jun jul aug sep "
    "sept oct nov dec ave blvd rd".split()
)

# The Arabic article in its written forms ("al", "el") and its assimilated ones ("ar",
# "ash", ...): name keys fold the assimilated forms to "al" (``names``), and a region's
# name may start with any of them ("Al Anbar" is written "Anbar").
ARABIC_ARTICLES: frozenset[str] = frozenset("al el ar as ad an at az ash adh ath".split())

# Capitalised English words that are also Arabic articles: "As Mosul fell" is not a
# mention of "As Mosul", so no name starts with them (hyphenated forms are one token).
ENGLISH_ARTICLES: frozenset[str] = frozenset({"As", "At", "An"})

# Titles that are also ordinary adjectives: lower-case, they start no person's name.
ADJECTIVE_TITLES: frozenset[str] = frozenset({"major", "general", "private"})

# Capitalised words that start a sentence before a name without being part of it.
LEADING_WORDS: frozenset[str] = frozenset(
    "the a an this that these those its his her their our my in on at from to and but "
    "yesterday today".split()
)

# Capitalised words after a town's name that make it the town's own service.
LOCAL_INSTITUTIONS: frozenset[str] = frozenset(
    "police fire city township village borough sheriff mayor chamber council district".split()
)

# Words that make a "... District" a service's district, not a place of that name.
SERVICE_WORDS: frozenset[str] = frozenset(
    "unified sanitation management quality water utility utilities improvement "
    "conservation heritage historic business criminal fire judicial".split()
)

# Street words that keep their full stop: "Memphis St."
STREET_ABBREVIATIONS: frozenset[str] = frozenset(
    "st ave rd blvd ln dr ct pl hwy pkwy ter cir".split()
)

# Words before a street's name that are not part of it ("On Main Street").
STREET_LEAD_WORDS: frozenset[str] = frozenset(
    "the a an on at in from to into onto and or of near along via by off across".split()
)

# Words for a saint in a town's name ("St. Louis", "Saint Paul").
SAINT_WORDS: frozenset[str] = frozenset({"st", "saint", "ste"})

# Designators that follow other things than places ("Islamic State", "Colorado State
# University"): the name before them must itself be known.
VAGUE_DESIGNATORS: frozenset[str] = frozenset({"state", "region", "territory"})

# Plural designators after a list of names, and the kind of place each item is
# ("Cooke, Grayson and Love counties").
PLURAL_DESIGNATORS: dict[str, str] = {
    "counties": "other",
    "parishes": "other",
    "boroughs": "other",
    "districts": "other",
    "provinces": "admin1",
    "governorates": "admin1",
}
