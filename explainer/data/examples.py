"""Example sentences the project wrote itself: the deck's, and reference sentences on which the
hidden-state PCA plane is fitted once per model, so that any two sentences share one picture."""

DECK_SENTENCE = "I love purple cats. Cats are neat."
UNGRAMMATICAL = "I is a teeth"

POS_EXAMPLES = [
    DECK_SENTENCE,
    UNGRAMMATICAL,
    "The old man the boat.",
    "Time flies like an arrow; fruit flies like a banana.",
    "She can't book the flight because the book is missing.",
    "We will meet at 10:30 in Room 4 with Dr. Smith.",
]

REFERENCE_SENTENCES = [
    "The students read the notes before the lecture started.",
    "I love purple cats.",
    "Cats are neat and they sleep all day.",
    "Could you send me the report by Friday?",
    "He quickly ran to the station, but the train had already left.",
    "My sister works at a small bakery in the city.",
    "Don't forget to water the plants every morning.",
    "The weather was cold, so we stayed inside and played games.",
    "Our team won three matches in a row last season.",
    "Please call 555-0199 if you have any questions.",
    "She bought two new books and an old map.",
    "Why did the meeting end so late yesterday?",
]
