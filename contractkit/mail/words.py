"""The words an approval reply may use, and the words that make any reply no approval.

The reader (mail/text.py) errs towards "not an approval": beside the approval phrase and the
document's own words, a reply may hold only greetings, thanks, names and a promise to pay, each
from the lists below. Any other word refuses it, so a refusal, question or condition in words no
list foresaw still refuses. The REFUSE lists add a second, independent net that also covers the
signature and the names (which may hold any word)."""

from __future__ import annotations

APPROVE = ("согласовываю", "согласовано", "согласен", "согласна", "одобряю", "утверждаю", "подтверждаю",
           "approved", "i approve", "we approve", "approve", "agreed", "i agree", "we agree")
"""The default approval phrases (CONTRACTKIT_APPROVAL_PHRASES replaces them)."""

DOCUMENT = frozenset((
    "i", "we", "hereby", "the", "this", "it", "document", "change", "request", "sheet", "estimate", "sha",
    "pdf", "json", "data", "cr", "hash", "256", "fully", "in", "full", "of",
    "я", "мы", "настоящим", "данный", "этот", "это", "документ", "запрос", "запроса", "на", "изменение",
    "изменения", "лист", "смету", "смета", "полностью", "целиком",
))
"""Words that may stand in the approval phrase's clause: the document, the hash's label, I/we."""

COURTESY = frozenset((
    "hello", "hi", "hey", "dear", "good", "morning", "afternoon", "evening", "day", "thanks", "thank",
    "you", "much", "very", "many", "regards", "best", "kind", "kindest", "warm", "warmest", "wishes",
    "sincerely", "yours", "cheers", "colleagues", "team", "all", "everyone", "and", "have", "a", "nice",
    "great", "with",
    "здравствуйте", "здравствуй", "добрый", "доброе", "доброго", "день", "дня", "утро", "вечер", "привет",
    "приветствую", "коллеги", "уважаемый", "уважаемая", "уважаемые", "спасибо", "благодарю", "большое",
    "огромное", "с", "уважением", "наилучшими", "пожеланиями", "всего", "хорошего", "вам", "вас", "и",
    "всем",
))
"""Greetings, thanks and closings."""

PAYMENT = frozenset((
    "i", "we", "ll", "will", "shall", "pay", "the", "invoice", "bill", "payment", "it", "today", "tomorrow",
    "this", "next", "week", "on", "by", "monday", "tuesday", "wednesday", "thursday", "friday", "soon",
    "я", "мы", "оплачу", "оплатим", "оплата", "оплату", "счет", "счета", "сегодня", "завтра", "до", "в",
    "на", "этой", "следующей", "неделе", "понедельника", "понедельник", "вторника", "вторник", "среды",
    "среду", "четверга", "четверг", "пятницы", "пятницу", "будет", "оплачен", "оплачено", "предоплату",
    "внесем", "скоро",
))
"""A promise to pay ("I will pay tomorrow", «счёт оплатим до пятницы»)."""
PAYS = ("pay", "invoice", "bill", "оплат", "оплач", "счет", "предоплат")
"""A payment clause must hold a word beginning so."""

REFUSE_WORDS = frozenset((
    # negation
    "не", "нет", "ни", "никак", "никогда", "нельзя", "невозможно", "против", "отказ", "неа", "нее",
    "not", "no", "never", "nope", "nah", "none", "neither", "nor", "cannot", "cant", "dont", "t",
    "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "shouldnt", "wouldnt", "couldnt",
    "hasnt", "havent", "hadnt", "neednt", "mustnt", "aint",
    # condition, contrast, exception
    "unless", "except", "excepting", "excluding", "but", "however", "although", "though", "yet",
    "after", "once", "if", "only", "when", "whenever", "until", "till", "til", "provided", "providing",
    "pending", "subject", "condition", "conditionally", "conditional", "partly", "partially", "except",
    "кроме", "исключением", "но", "однако", "хотя", "зато", "а", "после", "только", "когда", "если",
    "пока", "лишь", "условии", "условием", "случае", "частично",
    # conditional mood, questions, modals
    "бы", "б", "would", "could", "should", "might", "may", "can", "must", "need", "needs", "whether",
    "who", "why", "how", "what", "ли", "разве", "неужели", "почему", "зачем", "кто",
    # later
    "later", "позже", "потом", "wait", "hold",
))
"""Whole words that negate, condition, ask or put off: anywhere in a reply, they refuse it."""
REFUSE_STEMS = (
    "отказ", "отклон", "несоглас", "неодобр", "неприемлем", "невозмож", "никак", "ничего", "никогда",
    "decline", "reject", "refus", "disapprov", "disagree", "deny", "denied", "unaccept", "unapprov",
    # withdrawal, mistake
    "withdr", "revok", "revoc", "retract", "rescind", "disregard", "ignor", "cancel", "mistak",
    "error", "wrong", "undo", "отзыв", "отозв", "ошибк", "ошибоч", "отмен", "игнор", "аннулир", "неверн",
    "ждем", "жд", "подожд", "wait", "hold", "pause", "stop", "стоп", "приостан",
)
"""Word beginnings that refuse: «отказываемся», "rejected", «отзываю», "withdrawn", «по ошибке»."""
REFUSE_PHRASES = ("subject to", "on condition", "as soon as", "as long as", "при условии", "с условием",
                  "как только", "в случае")
"""Several-word refusals (each word of them also refuses on its own where it is listed)."""

NOT_NAMES = frozenset((
    "please", "pls", "call", "me", "us", "before", "start", "starting", "started", "drop", "remove",
    "delete", "stop", "change", "changes", "fix", "redo", "send", "new", "blog", "stage", "page", "site",
    "price", "cost", "work", "clause", "item", "contract", "approve", "approved", "agree", "agreed",
    "пожалуйста", "позвоните", "уберите", "удалите", "блог", "этап", "сайт", "страница", "цена", "цену",
    "работу", "работы", "пункт", "договор", "смета", "смету", "лист",
))
"""Verbs and nouns that are never a name beside the approval ("Please Call Me", «Блог Уберите»)."""
NOT_NAME_ENDINGS = ("ите", "йте", "ать", "ять", "ить", "еть", "уть", "ыть", "ться", "тся", "ing")
"""Endings of verbs (imperatives, infinitives, gerunds), never of a name here."""
DATE_WORDS = frozenset((
    "at", "am", "pm", "utc", "gmt", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar",
    "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "в", "г", "гг", "пн", "вт", "ср",
    "чт", "пт", "сб", "вс", "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "сент", "окт",
    "ноя", "нояб", "дек", "января", "февраля", "марта", "апреля", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
))
"""Date and time words a quote header ("On Mon, 1 Dec 2026 at 10:00, Anna <a@b> wrote:") may hold."""

GREETINGS = frozenset(("hello", "hi", "hey", "dear", "good", "здравствуйте", "здравствуй", "добрый", "доброе",
                       "доброго", "привет", "приветствую", "уважаемый", "уважаемая", "уважаемые"))
"""A first line beginning so may name the addressee ("Hi Anna,")."""
QUOTE_MARKERS = ("original message", "forwarded message", "пересылаемое сообщение")
FORWARD_LINES = ("begin forwarded message:", "начало переадресованного сообщения:")
WROTE = (" пишет:", " написал:", " написала:", " написал(а):")
SUBJECT_WORDS = frozenset(("согласовано", "approved", "согласование", "согласования", "согласовать",
                           "approval", "документа"))
"""Words a Subject may hold beside the approval phrase and the document's words: those of the
request mail's own Subject (flows/approval.SUBJECT, whatever the phrases are set to) and the like."""
