"""Schemathesis hooks of the contract fuzz suite (loaded through SCHEMATHESIS_HOOKS by src/openapi.int-spec.ts).

A card number's check digit (Luhn) cannot be said in JSON Schema: a number the schema allows is refused
with 400 nine times in ten. Every checkout whose card number has the documented shape gets its right
check digit before it is sent, so a schema-valid checkout body carries a valid card, and
positive_data_acceptance still holds checkout to "never 400 for what the schema allows". A body that
breaks the schema elsewhere stays as broken as it was.
"""
import re

import schemathesis

# CardBody.number's pattern in the OpenAPI document (libs/gateway/feature/src/order/payment-card.dto.ts).
CARD_NUMBER = re.compile(r"^[ -]*(?:\d[ -]*){12,19}$")


def luhn_check_digit(payload: str) -> str:
    total = 0
    for i, char in enumerate(reversed(payload)):
        digit = int(char)
        if i % 2 == 0:
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


def with_check_digit(number: str) -> str:
    digits = re.sub(r"[ -]", "", number)
    fixed = digits[:-1] + luhn_check_digit(digits[:-1])
    # The typed spaces and dashes stay where they were; only the last digit changes.
    last = max(i for i, char in enumerate(number) if char.isdigit())
    return number[:last] + fixed[-1] + number[last + 1 :]


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.operation.method.upper() != "POST" or case.operation.path != "/api/checkout":
        return
    card = ((case.body if isinstance(case.body, dict) else {}).get("payment") or {})
    card = card.get("card") if isinstance(card, dict) else None
    number = card.get("number") if isinstance(card, dict) else None
    if isinstance(number, str) and CARD_NUMBER.match(number):
        card["number"] = with_check_digit(number)
