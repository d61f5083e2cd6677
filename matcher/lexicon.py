"""Small Danish word lists: occupation families, interest synonyms, stop words, reason phrases."""

# Occupation families: every word (or word prefix) on the right maps to the family tag on the left.
# The tag is appended to the text before TF-IDF, so "snedker" and "tømrer" share a token although
# they share no character n-grams; words are matched by prefix so "tømrerlærling" also hits.
OCCUPATION_FAMILIES = {
    "tømrer": ["tømrer", "snedker", "bygningsarbejder", "bygningssnedker", "møbelsnedker",
               "murer", "byggeri", "håndværker", "carpenter"],
    "frisør": ["frisør", "barber", "kosmetolog", "hairdresser"],
    "smed": ["smed", "klejnsmed", "svejser", "industritekniker", "maskinarbejder", "metalarbejder"],
    "sundhed": ["sygeplejerske", "sosu", "social- og sundhedsassistent", "sundhedsassistent",
                "sundhedshjælper", "plejer", "hjemmehjælper", "sygeplejeske", "jordemoder", "nurse"],
    "køkken": ["kok", "bager", "konditor", "køkken", "smørrebrød", "tjener", "restaurant",
               "gastronom", "slagter", "ernæringsassistent"],
    "gartner": ["gartner", "anlægsgartner", "landmand", "landbrug", "skovarbejder", "dyrepasser"],
    "pædagogik": ["lærer", "pædagog", "underviser", "skolelærer", "folkeskolelærer", "lektor",
                  "pædagogmedhjælper", "teacher"],
    "mekaniker": ["mekaniker", "automekaniker", "mekanik", "lastvognsmekaniker", "cykelmekaniker",
                  "værkstedet", "bilværksted"],
    "elektriker": ["elektriker", "el-installatør", "elinstallatør", "elektronik", "elektro"],
    "blomster": ["blomsterbinder", "florist", "blomsterhandler"],
    "it": ["it", "programmør", "udvikler", "datamatiker", "softwareudvikler", "webudvikler",
           "it-supporter", "supporter", "computer", "data"],
    "kontor": ["kontor", "kontorassistent", "sekretær", "administration", "bogholder", "revisor",
               "økonomi", "regnskab", "bank"],
    "butik": ["butik", "ekspedient", "salg", "sælger", "detail", "kassedame", "butiksassistent"],
    "transport": ["chauffør", "lastbil", "buschauffør", "lager", "lagerarbejder", "truck",
                  "logistik", "pakkeri", "postbud"],
    "politi": ["politi", "politibetjent", "soldat", "forsvaret", "brandmand", "vagt"],
    "kunst": ["grafiker", "designer", "fotograf", "musiker", "kunstner", "medie", "journalist"],
    "omsorg": ["socialrådgiver", "psykolog", "rådgiver", "vejleder", "coach", "præst"],
}

# Interest synonyms: variant (normalised) -> canonical interest word.
INTEREST_SYNONYMS = {
    "computerspil": "gaming", "spil": "gaming", "e-sport": "gaming", "esport": "gaming",
    "gamer": "gaming", "styrketræning": "fitness", "træning": "fitness", "motion": "fitness",
    "løbe": "løb", "løbning": "løb", "cykl": "cykling", "cykel": "cykling", "cyklist": "cykling",
    "mtb": "cykling", "mad": "madlavning", "lave mad": "madlavning", "bage": "bagning",
    "fisk": "fiskeri", "lystfiskeri": "fiskeri", "tegne": "tegning", "male": "maleri",
    "bil": "biler", "motor": "biler", "dans": "dans", "danse": "dans", "synge": "sang",
    "strikke": "strikning", "film": "film", "serier": "film", "gå ture": "gåture", "vandre": "gåture",
    "svømme": "svømning", "spejder": "spejder", "hund": "hunde", "dyr": "dyr",
}

# Words that say how someone does something, not what: dropped before matching interests.
INTEREST_FILLER = {
    "spiller", "spille", "går", "gå", "til", "dyrker", "elsker", "kan", "lide", "at", "og", "i",
    "med", "jeg", "er", "glad", "for", "interesseret", "interesse", "meget", "lidt", "godt",
    "på", "en", "et", "den", "det", "min", "mit", "mine", "af", "om",
}

# Words in job wishes that carry no occupation meaning (dropped before TF-IDF).
TEXT_STOPWORDS = {
    "vil", "gerne", "være", "blive", "uddanne", "uddannet", "mig", "som", "til", "at", "og",
    "i", "en", "et", "jeg", "har", "arbejde", "arbejdet", "job", "med", "inden", "for", "indenfor",
    "drømmer", "om", "noget", "måske", "lære", "tage", "uddannelse", "ønsker", "år", "på",
    "det", "den", "de", "er", "var", "of", "the", "the", "and", "tidligere", "nu", "pensioneret",
    "efterløner", "fra", "af", "ved", "hos", "hjælpe", "hjælp",
}

# Sports read better with a verb: "I spiller begge fodbold".
BALL_GAMES = {"fodbold", "håndbold", "basketball", "volleyball", "badminton", "tennis",
              "bordtennis", "golf", "padel", "skak", "gaming", "guitar", "klaver", "trommer",
              "petanque", "floorball", "ishockey", "rugby", "cricket", "billard", "dart"}

LANGUAGE_NAMES = {
    "da": "dansk", "dansk": "dansk", "en": "engelsk", "engelsk": "engelsk", "ar": "arabisk",
    "arabisk": "arabisk", "tr": "tyrkisk", "tyrkisk": "tyrkisk", "so": "somali",
    "somali": "somali", "ur": "urdu", "urdu": "urdu", "fa": "persisk", "persisk": "persisk",
    "farsi": "persisk", "de": "tysk", "tysk": "tysk", "pl": "polsk", "polsk": "polsk",
    "uk": "ukrainsk", "ukrainsk": "ukrainsk", "ti": "tigrinya", "tigrinya": "tigrinya",
    "ku": "kurdisk", "kurdisk": "kurdisk", "bs": "bosnisk", "bosnisk": "bosnisk",
    "es": "spansk", "spansk": "spansk", "fr": "fransk", "fransk": "fransk",
}
COMMON_LANGUAGE = "dansk"

AVAILABILITY_SLOTS = ("weekday_day", "weekday_evening", "weekend")
AVAILABILITY_PHRASES = {
    "weekday_day": "på hverdage i dagtimerne",
    "weekday_evening": "på hverdagsaftener",
    "weekend": "i weekenden",
}
