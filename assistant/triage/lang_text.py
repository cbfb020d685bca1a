"""Replies in Spanish, French, German and Polish: emergency line, crisis lines with local numbers, safety net.

Local numbers: 112 works across Europe; Spain 024 (suicide-prevention line, 24 h, free); France 3114
(national suicide-prevention number, 24 h, free) and 15 (SAMU); Germany TelefonSeelsorge 0800 111 0 111 /
0800 111 0 222 (24 h, free); Poland 800 70 2222 (Centrum Wsparcia, 24 h) and 116 123. The UK/US numbers
are always kept as well, because the studio's clients live there.
"""

from __future__ import annotations

from typing import TypedDict


class Texts(TypedDict):
    """The sentences one language needs."""

    emergency: dict[str, str]
    why_ces: str
    why_other: str
    urgent: str
    safety_first: str
    crisis: dict[str, str]
    fallback: dict[str, str]
    questions: tuple[str, ...]


TEXTS: dict[str, Texts] = {
    "es": {
        "emergency": {"uk": "Ve a urgencias o llama al 112 ahora mismo (en el Reino Unido: A&E o 999).",
                      "us": "Ve a urgencias o llama al 112 ahora mismo (en EE. UU.: ER o 911)."},
        "why_ces": "La falta de sensibilidad en la zona genital o alrededor del ano, los problemas nuevos para "
                   "controlar la vejiga o el intestino, o la ciática en las dos piernas pueden indicar que los "
                   "nervios de la base de la columna están comprimidos (síndrome de cola de caballo), y eso "
                   "necesita una resonancia urgente en pocas horas.",
        "why_other": "Lo que describes puede ser una urgencia médica que necesita atención inmediata.",
        "urgent": "Por favor, consulta con un médico hoy o en las próximas 48 horas.",
        "safety_first": "Tu seguridad es lo más importante ahora mismo.",
        "crisis": {
            "uk": "Sentimos mucho que estés pasando por esto. No tienes que afrontarlo a solas: en España puedes "
                  "llamar gratis y a cualquier hora al 024 (línea de atención a la conducta suicida). Si estás en "
                  "peligro ahora, llama al 112. En el Reino Unido: Samaritans 116 123, NHS 111 (opción 2) o 999.",
            "us": "Sentimos mucho que estés pasando por esto. No tienes que afrontarlo a solas: en España puedes "
                  "llamar gratis y a cualquier hora al 024 (línea de atención a la conducta suicida). Si estás en "
                  "peligro ahora, llama al 112. En EE. UU.: llama o escribe al 988, o llama al 911.",
        },
        "fallback": {
            "uk": "No hemos podido revisar todo tu mensaje en español. Si tienes entumecimiento u hormigueo en la "
                  "zona genital o alrededor del ano, problemas nuevos con la vejiga o el intestino, o pensamientos "
                  "de hacerte daño, busca atención urgente ahora: llama al 112 (o al 999 en el Reino Unido).",
            "us": "No hemos podido revisar todo tu mensaje en español. Si tienes entumecimiento u hormigueo en la "
                  "zona genital o alrededor del ano, problemas nuevos con la vejiga o el intestino, o pensamientos "
                  "de hacerte daño, busca atención urgente ahora: llama al 112 (o al 911 en EE. UU.).",
        },
        "questions": (
            "¿Notas entumecimiento, hormigueo o una sensación distinta en la zona genital, alrededor del ano o al "
            "limpiarte con papel higiénico?",
            "¿Has notado algún cambio al orinar o al ir al baño, como dificultad para empezar, no notar cuándo la "
            "vejiga está llena, o escapes?",
            "¿Tienes dolor, entumecimiento u hormigueo en las dos piernas?",
            "¿Tienes una debilidad que va a peor, como un pie que arrastra o que golpea el suelo?",
        ),
    },
    "fr": {
        "emergency": {"uk": "Allez aux urgences ou appelez le 112 (ou le 15) immédiatement (au Royaume-Uni : A&E "
                            "ou 999).",
                      "us": "Allez aux urgences ou appelez le 112 (ou le 15) immédiatement (aux États-Unis : ER "
                            "ou 911)."},
        "why_ces": "Une perte de sensibilité au niveau des parties génitales ou autour de l'anus, des troubles "
                   "nouveaux pour contrôler la vessie ou les intestins, ou une sciatique dans les deux jambes peuvent "
                   "signaler une compression des nerfs à la base de la colonne (syndrome de la queue de cheval), qui "
                   "nécessite une IRM en urgence dans les heures qui viennent.",
        "why_other": "Ce que vous décrivez peut être une urgence médicale qui nécessite des soins immédiats.",
        "urgent": "Veuillez consulter un médecin aujourd'hui ou dans les 48 heures.",
        "safety_first": "Votre sécurité passe avant tout.",
        "crisis": {
            "uk": "Nous sommes vraiment désolés que vous traversiez cela. Vous n'êtes pas seul face à cela : en "
                  "France, le 3114 (numéro national de prévention du suicide) répond gratuitement 24 h/24. Si vous "
                  "êtes en danger immédiat, appelez le 112 ou le 15. Au Royaume-Uni : Samaritans 116 123, NHS 111 "
                  "(option 2) ou 999.",
            "us": "Nous sommes vraiment désolés que vous traversiez cela. Vous n'êtes pas seul face à cela : en "
                  "France, le 3114 (numéro national de prévention du suicide) répond gratuitement 24 h/24. Si vous "
                  "êtes en danger immédiat, appelez le 112 ou le 15. Aux États-Unis : appelez ou écrivez au 988, "
                  "ou appelez le 911.",
        },
        "fallback": {
            "uk": "Nous n'avons pas pu analyser tout votre message en français. Si vous avez un engourdissement ou "
                  "des fourmillements au niveau des parties génitales ou autour de l'anus, des troubles nouveaux de "
                  "la vessie ou des intestins, ou des pensées de vous faire du mal, consultez en urgence maintenant : "
                  "appelez le 112 ou le 15 (ou le 999 au Royaume-Uni).",
            "us": "Nous n'avons pas pu analyser tout votre message en français. Si vous avez un engourdissement ou "
                  "des fourmillements au niveau des parties génitales ou autour de l'anus, des troubles nouveaux de "
                  "la vessie ou des intestins, ou des pensées de vous faire du mal, consultez en urgence maintenant : "
                  "appelez le 112 ou le 15 (ou le 911 aux États-Unis).",
        },
        "questions": (
            "Avez-vous un engourdissement, des fourmillements ou une sensation différente au niveau des parties "
            "génitales, autour de l'anus ou en vous essuyant avec le papier toilette ?",
            "Avez-vous remarqué un changement pour uriner ou aller à la selle, par exemple du mal à commencer, ne "
            "plus sentir quand la vessie est pleine, ou des fuites ?",
            "Avez-vous des douleurs, un engourdissement ou des fourmillements dans les deux jambes ?",
            "Une faiblesse s'aggrave-t-elle, par exemple un pied qui traîne, qui claque ou qui accroche le sol ?",
        ),
    },
    "de": {
        "emergency": {"uk": "Gehen Sie sofort in die Notaufnahme oder rufen Sie die 112 an (in Großbritannien: "
                            "A&E oder 999).",
                      "us": "Gehen Sie sofort in die Notaufnahme oder rufen Sie die 112 an (in den USA: ER oder "
                            "911)."},
        "why_ces": "Taubheit im Genital- oder Analbereich, neue Probleme, Blase oder Darm zu kontrollieren, oder "
                   "Ischiasschmerzen in beiden Beinen können bedeuten, dass die Nerven am unteren Ende der "
                   "Wirbelsäule eingeengt sind (Cauda-equina-Syndrom); dann ist innerhalb weniger Stunden eine "
                   "Notfall-MRT nötig.",
        "why_other": "Was Sie beschreiben, kann ein medizinischer Notfall sein, der sofort behandelt werden muss.",
        "urgent": "Bitte lassen Sie sich heute oder innerhalb der nächsten 48 Stunden ärztlich untersuchen.",
        "safety_first": "Ihre Sicherheit geht jetzt vor.",
        "crisis": {
            "uk": "Es tut uns sehr leid, dass es Ihnen so geht. Sie müssen das nicht allein durchstehen: Die "
                  "TelefonSeelsorge ist in Deutschland rund um die Uhr kostenlos erreichbar unter 0800 111 0 111 "
                  "oder 0800 111 0 222. Wenn Sie jetzt in Gefahr sind, rufen Sie die 112 an. In Großbritannien: "
                  "Samaritans 116 123, NHS 111 (Option 2) oder 999.",
            "us": "Es tut uns sehr leid, dass es Ihnen so geht. Sie müssen das nicht allein durchstehen: Die "
                  "TelefonSeelsorge ist in Deutschland rund um die Uhr kostenlos erreichbar unter 0800 111 0 111 "
                  "oder 0800 111 0 222. Wenn Sie jetzt in Gefahr sind, rufen Sie die 112 an. In den USA: 988 "
                  "anrufen oder eine SMS schicken, oder 911.",
        },
        "fallback": {
            "uk": "Wir konnten Ihre Nachricht auf Deutsch nicht vollständig auswerten. Wenn Sie Taubheit oder "
                  "Kribbeln im Genital- oder Analbereich, neue Probleme mit Blase oder Darm oder Gedanken haben, "
                  "sich etwas anzutun, holen Sie sich jetzt dringend Hilfe: Rufen Sie die 112 an (in "
                  "Großbritannien 999).",
            "us": "Wir konnten Ihre Nachricht auf Deutsch nicht vollständig auswerten. Wenn Sie Taubheit oder "
                  "Kribbeln im Genital- oder Analbereich, neue Probleme mit Blase oder Darm oder Gedanken haben, "
                  "sich etwas anzutun, holen Sie sich jetzt dringend Hilfe: Rufen Sie die 112 an (in den USA 911).",
        },
        "questions": (
            "Haben Sie Taubheit, Kribbeln oder ein verändertes Gefühl im Genital- oder Analbereich oder beim "
            "Abwischen mit Toilettenpapier?",
            "Hat sich beim Wasserlassen oder Stuhlgang etwas verändert, zum Beispiel Mühe beim Starten, kein Gefühl "
            "mehr, wann die Blase voll ist, oder Inkontinenz?",
            "Haben Sie Schmerzen, Taubheit oder Kribbeln in beiden Beinen?",
            "Wird eine Schwäche schlimmer, zum Beispiel ein Fuß, der schleift, klatscht oder hängen bleibt?",
        ),
    },
    "pl": {
        "emergency": {"uk": "Natychmiast jedź na SOR lub zadzwoń pod numer 112 (w Wielkiej Brytanii: A&E lub 999).",
                      "us": "Natychmiast jedź na SOR lub zadzwoń pod numer 112 (w USA: ER lub 911)."},
        "why_ces": "Drętwienie lub mrowienie w okolicy krocza, narządów płciowych lub odbytu, nowe problemy z "
                   "kontrolą pęcherza lub jelit albo rwa kulszowa w obu nogach mogą oznaczać ucisk nerwów u dołu "
                   "kręgosłupa (zespół ogona końskiego), który wymaga pilnego rezonansu magnetycznego w ciągu "
                   "kilku godzin.",
        "why_other": "To, co opisujesz, może być nagłym stanem medycznym wymagającym natychmiastowej pomocy.",
        "urgent": "Skontaktuj się z lekarzem dziś lub w ciągu najbliższych 48 godzin.",
        "safety_first": "Twoje bezpieczeństwo jest teraz najważniejsze.",
        "crisis": {
            "uk": "Bardzo nam przykro, że przez to przechodzisz. Nie musisz radzić sobie z tym sam: w Polsce możesz "
                  "całodobowo i bezpłatnie zadzwonić do Centrum Wsparcia pod numer 800 70 2222 albo na telefon "
                  "zaufania 116 123. Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod 112. W Wielkiej "
                  "Brytanii: Samaritans 116 123, NHS 111 (opcja 2) lub 999.",
            "us": "Bardzo nam przykro, że przez to przechodzisz. Nie musisz radzić sobie z tym sam: w Polsce możesz "
                  "całodobowo i bezpłatnie zadzwonić do Centrum Wsparcia pod numer 800 70 2222 albo na telefon "
                  "zaufania 116 123. Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod 112. W USA: zadzwoń "
                  "lub napisz SMS pod 988, albo zadzwoń pod 911.",
        },
        "fallback": {
            "uk": "Nie udało nam się w pełni przeanalizować Twojej wiadomości po polsku. Jeśli masz drętwienie lub "
                  "mrowienie w okolicy krocza, narządów płciowych lub odbytu, nowe problemy z pęcherzem lub "
                  "jelitami albo myśli o zrobieniu sobie krzywdy, natychmiast szukaj pomocy: zadzwoń pod 112 (w "
                  "Wielkiej Brytanii 999).",
            "us": "Nie udało nam się w pełni przeanalizować Twojej wiadomości po polsku. Jeśli masz drętwienie lub "
                  "mrowienie w okolicy krocza, narządów płciowych lub odbytu, nowe problemy z pęcherzem lub "
                  "jelitami albo myśli o zrobieniu sobie krzywdy, natychmiast szukaj pomocy: zadzwoń pod 112 (w "
                  "USA 911).",
        },
        "questions": (
            "Czy masz drętwienie, mrowienie lub zmienione czucie w okolicy krocza, narządów płciowych, odbytu albo "
            "przy podcieraniu się papierem toaletowym?",
            "Czy zauważyłeś zmiany w oddawaniu moczu lub stolca, np. trudność z rozpoczęciem, brak czucia pełnego "
            "pęcherza albo popuszczanie?",
            "Czy masz ból, drętwienie lub mrowienie w obu nogach?",
            "Czy jakieś osłabienie się nasila, np. stopa, która się ciągnie, opada lub zaczepia o podłoże?",
        ),
    },
}

# For text in a language we cannot read at all, the English safety net is all we can give.
FALLBACK_EN = {
    "uk": "We couldn't fully read your message. If you have numbness or tingling around your genitals, back passage "
          "or inner thighs (the saddle area), new problems with your bladder or bowels, or thoughts of harming "
          "yourself, please get urgent help now: go to A&E or call 999 (for thoughts of self-harm you can also call "
          "Samaritans on 116 123).",
    "us": "We couldn't fully read your message. If you have numbness or tingling around your genitals, back passage "
          "or inner thighs (the saddle area), new problems with your bladder or bowels, or thoughts of harming "
          "yourself, please get urgent help now: go to the ER or call 911 (for thoughts of self-harm you can also "
          "call or text 988).",
}
