"""Masking of contact numbers in the liaison and 清真 registers (like residents' ID numbers: masked
everywhere, shown in full only through an audited reveal)."""


def mask_phone(number: str) -> str:
    """Keep the first three and the last four characters: 13893112345 → 138****2345."""
    number = (number or "").strip()
    if len(number) <= 4:
        return "*" * len(number)
    head = min(3, len(number) - 4)
    return number[:head] + "*" * (len(number) - head - 4) + number[-4:]


#: The contact number each revealable record keeps (the ``kind`` in outreach:contact_reveal's URL).
CONTACT_FIELDS = {
    "site": "contact_phone",
    "figure": "phone",
    "halal": "operator_phone",
    "complaint": "complainant_phone",
}
