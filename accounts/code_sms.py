"""How a sign-in code leaves accounts: through the sender that the SMS outbox registers.

accounts is the lowest layer, used by every app, so it imports none of them; the
notifications app registers its outbox here from its `ready()`, the way stage apps register
their entry readers and their personal data. Without a registered sender no code can reach
anyone, which is a configuration error, not a case to pass over quietly.
"""

from django.core.exceptions import ImproperlyConfigured

# One slot, filled once at start-up.
_SENDER = {}


def register_code_sender(send):
    """`send(*, phone, code, minutes)` queues the SMS that carries a sign-in code."""
    _SENDER["send"] = send


def send_code_sms(*, phone, code, minutes):
    if "send" not in _SENDER:
        raise ImproperlyConfigured("No SMS sender is registered for sign-in codes (is 'notifications' installed?).")
    _SENDER["send"](phone=phone, code=code, minutes=minutes)
