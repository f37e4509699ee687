"""Section headings per language: which ``##`` words the reader accepts, and which it prints.

One table, so that the reader (which accepts ``## Instrucciones`` in a Spanish file) and the
handout (which prints "Instrucciones" however the file was written) can never disagree. The first
word of each list is the one printed; the others are accepted. English headings are accepted in
every language, because a coach translating a file often starts from an English one.
"""

from __future__ import annotations

from generator.content.model import SectionKind

KINDS: tuple[SectionKind, ...] = ("instructions", "cues", "tips", "mistakes", "faq")

# language -> kind -> headings (printed first, then other accepted spellings)
HEADINGS: dict[str, dict[SectionKind, tuple[str, ...]]] = {
    "en": {
        "instructions": ("Instructions", "Steps"),
        "cues": ("Cues",),
        "tips": ("Tips & Tricks", "Tips and Tricks", "Tips"),
        "mistakes": ("Common Mistakes", "Mistakes", "Avoid"),
        "faq": ("Frequently Asked Questions", "FAQ"),
    },
    "es": {
        "instructions": ("Instrucciones", "Pasos", "Ejecución"),
        "cues": ("Claves",),
        "tips": ("Consejos",),
        "mistakes": ("Errores comunes", "Errores", "Evita"),
        "faq": ("Preguntas frecuentes",),
    },
    "de": {
        "instructions": ("Anleitung", "Ausführung", "Schritte"),
        "cues": ("Hinweise",),
        "tips": ("Tipps",),
        "mistakes": ("Häufige Fehler", "Fehler", "Vermeiden"),
        "faq": ("Häufige Fragen",),
    },
    "fr": {
        "instructions": ("Instructions", "Étapes", "Exécution"),
        "cues": ("Repères",),
        "tips": ("Conseils",),
        "mistakes": ("Erreurs fréquentes", "Erreurs courantes", "À éviter"),
        "faq": ("Questions fréquentes",),
    },
    "it": {
        "instructions": ("Istruzioni", "Esecuzione"),
        "cues": ("Punti chiave",),
        "tips": ("Consigli",),
        "mistakes": ("Errori comuni", "Da evitare"),
        "faq": ("Domande frequenti",),
    },
    "pt": {
        "instructions": ("Instruções", "Execução"),
        "cues": ("Pontos-chave",),
        "tips": ("Dicas",),
        "mistakes": ("Erros comuns", "Evite"),
        "faq": ("Perguntas frequentes",),
    },
    "nl": {
        "instructions": ("Instructies", "Uitvoering"),
        "cues": ("Aandachtspunten",),
        "tips": ("Tips",),
        "mistakes": ("Veelgemaakte fouten", "Vermijd"),
        "faq": ("Veelgestelde vragen",),
    },
    "pl": {
        "instructions": ("Instrukcje", "Wykonanie"),
        "cues": ("Wskazówki",),
        "tips": ("Porady",),
        "mistakes": ("Częste błędy", "Unikaj"),
        "faq": ("Najczęstsze pytania",),
    },
    "cs": {
        "instructions": ("Postup", "Instrukce"),
        "cues": ("Klíčové body",),
        "tips": ("Tipy",),
        "mistakes": ("Časté chyby", "Vyhněte se"),
        "faq": ("Časté otázky",),
    },
    "sv": {
        "instructions": ("Instruktioner", "Utförande"),
        "cues": ("Nyckelpunkter",),
        "tips": ("Tips",),
        "mistakes": ("Vanliga fel", "Undvik"),
        "faq": ("Vanliga frågor",),
    },
    "tr": {
        "instructions": ("Talimatlar", "Uygulama"),
        "cues": ("Anahtar noktalar",),
        "tips": ("İpuçları",),
        "mistakes": ("Sık yapılan hatalar", "Kaçının"),
        "faq": ("Sık sorulan sorular",),
    },
    "el": {
        "instructions": ("Οδηγίες", "Εκτέλεση"),
        "cues": ("Σημεία κλειδιά",),
        "tips": ("Συμβουλές",),
        "mistakes": ("Συνηθισμένα λάθη", "Αποφύγετε"),
        "faq": ("Συχνές ερωτήσεις",),
    },
    "ru": {
        "instructions": ("Инструкции", "Техника выполнения"),
        "cues": ("Ключевые моменты",),
        "tips": ("Советы",),
        "mistakes": ("Частые ошибки", "Избегайте"),
        "faq": ("Частые вопросы",),
    },
    "uk": {
        "instructions": ("Інструкції", "Техніка виконання"),
        "cues": ("Ключові моменти",),
        "tips": ("Поради",),
        "mistakes": ("Типові помилки", "Уникайте"),
        "faq": ("Часті запитання",),
    },
    "zh": {
        "instructions": ("动作步骤", "步骤"),
        "cues": ("动作要点", "要点"),
        "tips": ("小贴士", "技巧"),
        "mistakes": ("常见错误", "避免"),
        "faq": ("常见问题",),
    },
    "ja": {
        "instructions": ("やり方", "手順"),
        "cues": ("ポイント",),
        "tips": ("コツ",),
        "mistakes": ("よくある間違い", "避けること"),
        "faq": ("よくある質問",),
    },
    "ko": {
        "instructions": ("운동 방법", "방법"),
        "cues": ("핵심 포인트",),
        "tips": ("팁",),
        "mistakes": ("흔한 실수", "피할 것"),
        "faq": ("자주 묻는 질문",),
    },
    "ar": {
        "instructions": ("طريقة الأداء", "الخطوات"),
        "cues": ("نقاط أساسية",),
        "tips": ("نصائح",),
        "mistakes": ("أخطاء شائعة", "تجنّب"),
        "faq": ("أسئلة شائعة",),
    },
    "he": {
        "instructions": ("ביצוע", "שלבים"),
        "cues": ("דגשים",),
        "tips": ("טיפים",),
        "mistakes": ("טעויות נפוצות", "להימנע"),
        "faq": ("שאלות נפוצות",),
    },
    "fa": {
        "instructions": ("روش اجرا", "مراحل"),
        "cues": ("نکته‌های کلیدی",),
        "tips": ("توصیه‌ها",),
        "mistakes": ("اشتباه‌های رایج", "پرهیز کنید"),
        "faq": ("پرسش‌های رایج",),
    },
}

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "de": "German",
    "fr": "French",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "cs": "Czech",
    "sv": "Swedish",
    "tr": "Turkish",
    "el": "Greek",
    "ru": "Russian",
    "uk": "Ukrainian",
}


def _key(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _base(language: str) -> str:
    base = language.split("-")[0]
    return base if base in HEADINGS else "en"


def kind_of(heading: str, language: str) -> SectionKind | None:
    """The section a heading names in this language (or in English), else None."""
    wanted = _key(heading)
    for table in (HEADINGS[_base(language)], HEADINGS["en"]):
        for kind, names in table.items():
            if wanted in (_key(n) for n in names):
                return kind
    return None


def other_language_of(heading: str) -> tuple[str, SectionKind] | None:
    """The language whose heading this is, for a message that says 'add language: es'."""
    wanted = _key(heading)
    for language, table in HEADINGS.items():
        for kind, names in table.items():
            if wanted in (_key(n) for n in names):
                return language, kind
    return None


def printed(kind: SectionKind, language: str) -> str:
    """The heading the handout prints for a section, in the exercise's language."""
    return HEADINGS[_base(language)][kind][0]


def known(language: str) -> str:
    """The headings a file in this language may use, for the 'unknown section' message."""
    base = _base(language)
    names = [HEADINGS[base][kind][0] for kind in KINDS]
    if base != "en":
        names += [HEADINGS["en"][kind][0] for kind in KINDS]
    return ", ".join(names)
