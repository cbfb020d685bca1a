"""Fracture and aorta features in Spanish, French, German and Polish, feeding the English cluster logic (§2.5, §2.6).

Only the features whose combinations are an emergency (fall from height, road accident, sudden
severe back and tummy pain with collapse) or need an X-ray (osteoporosis and a fall) are covered;
ages written as "80 años/ans/Jahre/lat" are read in triage_features.age_of.
"""

from __future__ import annotations

import re

from assistant.triage.context import Rule


def _rule(lang: str, key: str, *patterns: str) -> Rule:
    return Rule(key, tuple(map(re.compile, patterns)), who="subject", lang=lang)


FEATURE_RULES: tuple[Rule, ...] = (
    # Spanish
    _rule("es", "osteoporosis", r"\bosteoporosis\b"),
    _rule("es", "minor_trauma", r"\b(?:se cayo|me cai|me he caido|se ha caido|una caida|tropezo|tropece|resbalo"
                                r"|resbale)\b"),
    _rule("es", "major_trauma", r"\baccidente de (?:coche|trafico|moto)\b|\b(?:caida|cayo|cai|caido) (?:desde|de)"
                                r" (?:un andamio|una escalera|el tejado|(?:una )?altura|\d+ metros)\b"),
    _rule("es", "sudden_severe", r"\b(?:de repente|repentin\w+|subitamente)\b[^.!?\n]{0,40}?\b(?:muy fuerte"
                                 r"|intens\w+|insoportable|terrible|horrible)\b"),
    _rule("es", "abdominal_pain", r"\b(?:barriga|abdomen|abdominal|tripa|vientre|estomago)\b"),
    _rule("es", "shock_signs", r"\b(?:marea\w+|sudor frio|sudoroso|palido)\b"),
    _rule("es", "collapse", r"\b(?:se desmayo|desmayad\w+|perdio el conocimiento|se desplomo)\b"),
    # French
    _rule("fr", "osteoporosis", r"\bosteoporose\b"),
    _rule("fr", "minor_trauma", r"\b(?:je suis tombee?|il est tombe|elle est tombee|une chute|glisse)\b"),
    _rule("fr", "major_trauma", r"\baccident de (?:voiture|moto|la route)\b|\btombee? (?:d'un echafaudage|d'une"
                                r" echelle|du toit|de \d+ metres)\b|\bchute de (?:\d+ metres|hauteur)\b"),
    _rule("fr", "sudden_severe", r"\b(?:soudain\w*|brutalement|d'un coup)\b[^.!?\n]{0,40}?\b(?:violente?s?|intense"
                                 r"|atroce|terrible|insupportable)\b"),
    _rule("fr", "abdominal_pain", r"\b(?:ventre|abdomen|abdominale?s?)\b"),
    _rule("fr", "shock_signs", r"\b(?:vertiges?|sueurs? froides?|moite|pale)\b"),
    _rule("fr", "collapse", r"\b(?:evanoui\w*|perdu connaissance|s'est effondree?)\b"),
    # German
    _rule("de", "osteoporosis", r"\bosteoporose\b"),
    _rule("de", "minor_trauma", r"\b(?:gesturzt|hingefallen|ausgerutscht|sturz)\b"),
    _rule("de", "major_trauma", r"\b(?:autounfall|verkehrsunfall|motorradunfall)\b|\b(?:vom|von der|vom dem)"
                                r" (?:gerust|dach|leiter)\b|\baus \d+ metern\b"),
    _rule("de", "sudden_severe", r"\b(?:plotzlich\w*|auf einmal)\b[^.!?\n]{0,40}?\b(?:stark\w*|heftig\w*|extrem\w*"
                                 r"|unertraglich\w*|furchtbar\w*)\b"),
    _rule("de", "abdominal_pain", r"\bbauch\w*"),
    _rule("de", "shock_signs", r"\b(?:schwindel\w*|kaltschwei(?:ß|ss)\w*|blass)\b"),
    _rule("de", "collapse", r"\b(?:ohnmachtig|bewusstlos|umgekippt|zusammengebrochen)\b"),
    # Polish (ł is folded to l)
    _rule("pl", "osteoporosis", r"\bosteoporoz\w*"),
    _rule("pl", "minor_trauma", r"\b(?:upadl\w*|przewrocil\w*|poslizgnel\w*|poslizgnal\w*)\b"),
    _rule("pl", "major_trauma", r"\bwypad\w* samochodow\w*|\bspadl\w* z (?:rusztowania|drabiny|dachu|wysokosci)\b"
                                r"|\bz wysokosci\b"),
    _rule("pl", "sudden_severe", r"\b(?:nagle|nagly|nagla)\b[^.!?\n]{0,40}?\b(?:silny|silne|ostry|ostre|straszny"
                                 r"|nie do zniesienia|bardzo)\b"),
    _rule("pl", "abdominal_pain", r"\bbrzuch\w*"),
    _rule("pl", "shock_signs", r"\b(?:zawrot\w*|zimny pot|blady|blada)\b"),
    _rule("pl", "collapse", r"\b(?:zemdlal\w*|stracil\w* przytomnosc)\b"),
)
