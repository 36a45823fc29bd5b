"""Reads about agreements that span records."""

from __future__ import annotations

from .models import Agreement


def agreement_chain(agreement: Agreement) -> list[Agreement]:
    """The whole renewal chain ``agreement`` belongs to, oldest first.

    "Moscú 2014 y 2016": the 2016 agreement renews the 2014 one, so both return
    ``[moscow_2014, moscow_2016]``. Each agreement is renewed at most once (``renews`` is
    one-to-one) and validation refuses cycles, so the chain is a line.
    """
    first = agreement
    seen = {first.pk}
    while first.renews_id is not None and first.renews_id not in seen:
        first = Agreement.objects.get(pk=first.renews_id)
        seen.add(first.pk)
    chain = [first]
    while True:
        following = Agreement.objects.filter(renews=chain[-1]).first()
        if following is None or following.pk in {a.pk for a in chain}:
            return chain
        chain.append(following)
