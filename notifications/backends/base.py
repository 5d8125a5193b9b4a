from dataclasses import dataclass


class SmsError(Exception):
    """A send or a lookup did not succeed.

    `code` is the provider's error code when it answered with one. `in_doubt` is true when
    the request may have reached the provider and been accepted (a read timeout, a lost
    connection, a gateway error): such a message is looked up by out-id before any new try.
    """

    retryable = False

    def __init__(self, message, *, code="", in_doubt=False):
        super().__init__(message)
        self.code = code
        self.in_doubt = in_doubt

    def __str__(self):
        text = super().__str__()
        return f"{self.code}: {text}" if self.code else text


class RetryableSmsError(SmsError):
    """Worth trying again later: timeouts, throttling, the provider's own failures (5xx)."""

    retryable = True


class PermanentSmsError(SmsError):
    """Trying again cannot help: a bad number, a rejected template, wrong credentials."""


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str


@dataclass(frozen=True)
class Lookup:
    """What the provider knows about an out-id: `delivered` means it accepted the message."""

    delivered: bool
    provider_message_id: str = ""


class SmsBackend:
    name = ""

    def send(self, *, phone, template, params, out_id):
        """Hand one message to the provider; return a SendResult or raise an SmsError."""
        raise NotImplementedError

    def lookup(self, *, phone, out_id, since):
        """Ask the provider whether it accepted the message sent with `out_id` at or after `since`.

        Returns a Lookup; raises an SmsError when the provider cannot be asked.
        """
        raise NotImplementedError
