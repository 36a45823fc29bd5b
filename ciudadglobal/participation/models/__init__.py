"""Participation: consultations, public comments, the advisory council, actors' registration.

What a citizen sends is never shown before staff let it through: only *confirmed* responses
count in results, only *approved* open answers and comments appear publicly, and a
self-registered organization enters the registry only when staff approve it.
No identity is stored in clear: a respondent is known by a keyed hash (HMAC) of their
e-mail address, with a secret of each consultation (see ``services.identity_hash``).
"""

from .comments import Comment, CommentableDocument, CommentQuerySet
from .consultations import (
    CHOICE_KINDS,
    DIMENSIONS,
    AgeRange,
    Answer,
    Borough,
    Consultation,
    ConsultationQuerySet,
    ConsultationStatus,
    Gender,
    Moderation,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseQuerySet,
    ResultsMode,
    Sector,
    new_secret,
)
from .council import (
    INCLUSION_FIELDS,
    OUTCOMES,
    CouncilMember,
    CouncilSector,
    CouncilSession,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
)
from .registrations import ActorLink, ActorRegistration, DeclaredLink, RegistrationStatus

__all__ = [
    "CHOICE_KINDS",
    "DIMENSIONS",
    "INCLUSION_FIELDS",
    "OUTCOMES",
    "ActorLink",
    "ActorRegistration",
    "AgeRange",
    "Answer",
    "Borough",
    "Comment",
    "CommentQuerySet",
    "CommentableDocument",
    "Consultation",
    "ConsultationQuerySet",
    "ConsultationStatus",
    "CouncilMember",
    "CouncilSector",
    "CouncilSession",
    "DeclaredLink",
    "Gender",
    "Moderation",
    "Option",
    "Question",
    "QuestionKind",
    "Recommendation",
    "RecommendationStatus",
    "RecommendationUpdate",
    "RegistrationStatus",
    "Response",
    "ResponseQuerySet",
    "ResultsMode",
    "Sector",
    "new_secret",
]
