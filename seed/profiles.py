"""Word lists for demo and synthetic people: Danish names, role-model archetypes, young people's wishes."""

# Towns of each demo municipality that the town lookup (models/towns.py) knows.
TOWNS = {
    "stevns": ["Store Heddinge", "Rødvig", "Strøby Egede", "Hårlev"],
    "hedensted": ["Hedensted", "Juelsminde", "Tørring", "Løsning", "Uldum", "Hornsyld"],
}

FIRST_NAMES = {
    "f": ["Anne", "Susanne", "Hanne", "Lone", "Mette", "Karina", "Birgitte", "Helle", "Pia", "Tina",
          "Camilla", "Louise", "Marianne", "Dorthe", "Bente", "Inge", "Maria", "Line", "Gitte", "Ulla"],
    "m": ["Jens", "Peter", "Michael", "Lars", "Henrik", "Søren", "Thomas", "Niels", "Jan", "Morten",
          "Kim", "Anders", "Torben", "Erik", "Bo", "Claus", "Jesper", "Rasmus", "Kurt", "Ole"],
    "x": ["Kim", "Robin", "Alex", "Sam"],
}
YOUNG_NAMES = {
    "f": ["Emma", "Sofie", "Ida", "Freja", "Clara", "Laura", "Mathilde", "Caroline", "Emilie",
          "Julie", "Nanna", "Josefine", "Signe", "Amalie", "Cecilie"],
    "m": ["Mikkel", "Frederik", "Mads", "Oliver", "Lucas", "Emil", "Jonas", "Magnus", "Rasmus",
          "Noah", "Tobias", "Sebastian", "Kasper", "Viktor", "Alexander"],
    "x": ["Alex", "Robin", "Nikolaj"],
}
SURNAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
            "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
            "Thomsen", "Christiansen", "Johansen", "Møller", "Mortensen", "Knudsen", "Frandsen"]

# Young people whose family speaks another language: (first name, surname, gender, language).
YOUNG_WITH_LANGUAGE = [
    ("Yasmin", "Ali", "f", "arabisk"), ("Hamza", "Hussein", "m", "arabisk"),
    ("Ayaan", "Warsame", "f", "somali"), ("Abdi", "Farah", "m", "somali"),
    ("Elif", "Yilmaz", "f", "tyrkisk"), ("Emre", "Kaya", "m", "tyrkisk"),
]

# Role-model archetypes: work, education and leisure that belong together, like a real match profile.
# (name or None, gender, age range, occupation, work history, education, interests, leisure, offers,
#  extra languages)
ARCHETYPES = [
    (None, "m", (52, 66), "Smed", "Klejnsmed på en maskinfabrik i 30 år", "Smed (svendebrev)",
     ["lystfiskeri", "biler"], ["lystfiskerforeningen"],
     "Ved hvordan man kommer i lære, og hvordan en arbejdsdag på et værksted ser ud", []),
    (None, "f", (35, 55), "Frisør", "Har haft egen salon i 15 år", "Frisøruddannelsen",
     ["mode", "løb"], ["løbeklubben"],
     "Har selv startet forfra flere gange og ved, at det kan lade sig gøre", []),
    (None, "f", (30, 50), "Pædagog", "Pædagog i en børnehave; før det pædagogmedhjælper",
     "Pædagoguddannelsen", ["håndbold", "madlavning"], ["træner et børnehold i håndbold"],
     "Kan hjælpe med at finde en uddannelse, der passer til dig", []),
    (None, "m", (40, 62), "Anlægsgartner", "Anlægsgartner i 25 år, nu værkfører",
     "Anlægsgartner (svendebrev)", ["cykling", "natur"], ["cykelklubben"],
     "Ved hvordan man holder fast i et job, også når det er svært", []),
    (None, "m", (28, 45), "Kok", "Kok på et hotel; har arbejdet i flere køkkener", "Kokkeuddannelsen",
     ["madlavning", "fodbold"], ["oldboys-fodbold"],
     "Kender hverdagen i et køkken og kan fortælle om vejen dertil", []),
    (None, "f", (40, 60), "Blomsterbinder", "Blomsterbinder i en blomsterbutik i 20 år",
     "Blomsterbinderuddannelsen", ["strikning", "havearbejde"], ["strikkecafé på biblioteket"],
     "Tid til at lytte og til at gå en tur og snakke", []),
    (None, "f", (35, 60), "Social- og sundhedsassistent", "Arbejder på et plejecenter",
     "Social- og sundhedsassistent", ["gåture", "hunde"], ["hundeklubben"],
     "Ved hvordan det er at tage en uddannelse som voksen", []),
    (None, "m", (26, 40), "Softwareudvikler", "Udvikler i et it-firma; startede som it-supporter",
     "Datamatiker", ["gaming", "skak"], ["e-sport i ungdomsklubben"],
     "Kan hjælpe med ansøgninger og med at tro på egne evner", ["engelsk"]),
    (None, "m", (35, 60), "Automekaniker", "Automekaniker på et bilværksted", "Automekaniker",
     ["biler", "fodbold"], ["træner i den lokale fodboldklub"],
     "Ved hvordan man finder en læreplads", []),
    (None, "m", (30, 55), "Elektriker", "Elektriker i et lille firma", "Elektriker (svendebrev)",
     ["cykling", "musik"], ["spiller guitar i et band"],
     "Ro og tålmodighed, og et netværk blandt håndværkere", []),
    (None, "f", (40, 60), "Butiksleder", "Butiksleder i et supermarked; startede som elev",
     "Detailhandelsuddannelsen", ["løb", "film"], ["frivillig i den lokale biograf"],
     "Kan øve jobsamtaler med dig", []),
    (None, "m", (45, 64), "Lastbilchauffør", "Chauffør i 25 år, før det lagerarbejder", "Kørekort C/E",
     ["lystfiskeri", "fodbold"], ["lystfiskerforeningen"],
     "Har prøvet at være ledig og ved, hvor meget et job betyder", []),
    (None, "f", (45, 65), "Bogholder", "Bogholder i et revisionsfirma", "Kontoruddannelsen",
     ["strikning", "kor"], ["synger i kirkekoret"],
     "Hjælp til økonomi, breve fra kommunen og at få styr på hverdagen", []),
    (None, "f", (30, 55), "Sygeplejerske", "Sygeplejerske på et sygehus", "Sygeplejerske",
     ["løb", "svømning"], ["vinterbaderne"],
     "Kan fortælle om sundhedsuddannelserne og om at tro på sig selv", ["engelsk"]),
    (None, "m", (60, 70), "Pensioneret politibetjent", "Politibetjent i 35 år",
     "Politiskolen", ["cykling", "historie"], ["spejderleder"],
     "Lang livserfaring og et roligt blik på tingene", []),
    (None, "m", (35, 60), "Tømrer", "Tømrer, har haft eget firma i 10 år", "Tømrer (svendebrev)",
     ["fodbold", "lystfiskeri"], ["oldboys-fodbold"],
     "Kan vise, hvordan man kommer ind i byggefagene", []),
    (None, "f", (24, 30), "Studerende", "Læser til socialrådgiver; har arbejdet i et supermarked",
     "Studentereksamen", ["fitness", "film"], ["frivillig i ungdomsklubben"],
     "Er tæt på din alder og har selv skiftet retning undervejs", ["engelsk"]),
    (None, "f", (63, 70), "Pensioneret lærer", "Folkeskolelærer i 35 år", "Læreruddannelsen",
     ["strikning", "læsning"], ["strikkeklubben", "frivillig på biblioteket"],
     "Hjælp med lektier, ansøgninger og at finde vej i systemet", []),
    (None, "m", (30, 55), "Landmand", "Driver sin families gård", "Landbrugsuddannelsen",
     ["jagt", "traktorer"], ["landboungdom"], "Viser gerne, hvordan en arbejdsdag på en gård er", []),
    (None, "x", (25, 40), "Grafisk designer", "Freelance grafiker", "Mediegrafiker",
     ["tegning", "gaming"], ["spejder"], "Kender til at finde sin egen vej og sit eget sprog", ["engelsk"]),
    ("Ahmad Hassan", "m", (35, 55), "Tolk og kulturformidler", "Tolk i kommunen; før det chauffør",
     "Tolkeuddannelsen", ["fodbold", "madlavning"], ["træner i den lokale fodboldklub"],
     "Ved, hvordan det er at starte forfra i et nyt land", ["arabisk", "engelsk"]),
    ("Hodan Warsame", "f", (30, 50), "Social- og sundhedshjælper", "Hjemmehjælper i kommunen",
     "Social- og sundhedshjælper", ["madlavning", "gåture"], ["lektiecafé for børn"],
     "Kan hjælpe med at finde en uddannelse og tro på, at det lykkes", ["somali", "engelsk"]),
    ("Mehmet Yilmaz", "m", (35, 55), "Restaurantejer", "Driver egen restaurant; startede som opvasker",
     "Tjeneruddannelsen", ["fodbold", "madlavning"], ["oldboys-fodbold"],
     "Ved hvordan man starter noget selv", ["tyrkisk", "engelsk"]),
    (None, "m", (26, 34), "Lagerarbejder", "Lagerarbejder; var selv på kontanthjælp i to år",
     "Truckcertifikat", ["gaming", "fitness"], ["fitnesscentret"],
     "Har selv været der, hvor du er, og kom videre", []),
]

# Wishes of young people, with the interests that often go with them.
WISHES = ["tømrer", "frisør", "pædagog", "smed", "blomsterbinder", "gartner", "kok", "mekaniker",
          "elektriker", "social- og sundhedsassistent", "noget med computere", "butik",
          "lagerarbejde", "noget med dyr", "ved det ikke endnu"]
YOUNG_INTERESTS = ["fodbold", "gaming", "fitness", "musik", "film", "tegning", "madlavning",
                   "håndbold", "løb", "lystfiskeri", "strikning", "dans", "biler", "hunde",
                   "cykling", "spejder", "mode", "skak"]

# A young person's wish -> (the field in plain Danish, words in a role model's work that fit it).
WISH_AREAS = {
    "tømrer": ("byggefagene", ["tømrer", "snedker"]),
    "frisør": ("frisørfaget", ["frisør"]),
    "pædagog": ("det pædagogiske område", ["pædagog", "lærer"]),
    "smed": ("smedefaget", ["smed"]),
    "blomsterbinder": ("blomsterfaget", ["blomster"]),
    "gartner": ("det grønne område", ["gartner", "landmand", "landbrug"]),
    "kok": ("køkkenet", ["kok", "restaurant", "tjener"]),
    "mekaniker": ("værkstedet", ["mekaniker"]),
    "elektriker": ("el-faget", ["elektriker"]),
    "social- og sundhedsassistent": ("sundhedsområdet", ["sundhed", "sygeplejerske", "plejecenter"]),
    "noget med computere": ("it-branchen", ["udvikler", "it-", "datamatiker", "grafi"]),
    "butik": ("butikslivet", ["butik", "supermarked", "detail"]),
    "lagerarbejde": ("lager og transport", ["lager", "chauffør"]),
    "noget med dyr": ("arbejde med dyr", ["landmand", "hunde"]),
}

HOTLINE_TEXTS = [
    "Min unge svarer ikke på mine beskeder. Hvad gør jeg nu?",
    "Vi vil gerne på en tur sammen en lørdag. Er der penge til billetter?",
    "Jeg er usikker på, hvordan jeg skal tale om job uden at presse.",
]
HOTLINE_ANSWER = "Godt du spørger. Ring til mig i morgen formiddag, så finder vi ud af det sammen."
