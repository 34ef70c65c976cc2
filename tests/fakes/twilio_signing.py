"""Build Twilio webhooks the way Twilio does: realistic form fields and a valid signature.

The signature is computed here from Twilio's published algorithm, not with the `twilio`
helper the adapter uses, so a test compares two independent implementations.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

Params = Sequence[tuple[str, str]] | Mapping[str, str]


def _pairs(params: Params) -> list[tuple[str, str]]:
    return list(params.items()) if isinstance(params, Mapping) else list(params)


def new_sid(prefix: str) -> str:
    """A Twilio-shaped SID: two-letter prefix + 32 lowercase hex digits."""
    return prefix + secrets.token_hex(16)


def twilio_signature(url: str, params: Params, auth_token: str) -> str:
    """base64(HMAC-SHA1(token, url + name+value for each field, sorted by name then value))."""
    payload = url + "".join(name + value for name, value in sorted(_pairs(params)))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_form(
    url: str, params: Params, auth_token: str, *, idempotency_token: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a signed Twilio form POST to `url`."""
    pairs = _pairs(params)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(url, pairs, auth_token),
        "I-Twilio-Idempotency-Token": idempotency_token or secrets.token_hex(16),
        "User-Agent": "TwilioProxy/1.1",
    }
    return urlencode(pairs).encode(), headers


def inbound_params(
    *,
    account_sid: str,
    sender: str,
    to: str,
    body: str = "hello",
    messaging_service_sid: str | None = None,
    media: Sequence[tuple[str, str]] = (),
    profile_name: str | None = None,
    opt_out_type: str | None = None,
    message_sid: str | None = None,
) -> list[tuple[str, str]]:
    """Form fields of an inbound SMS, or WhatsApp when `sender` starts with `whatsapp:`."""
    whatsapp = sender.startswith("whatsapp:")
    sid = message_sid or new_sid("MM" if media else "SM")
    params = [
        ("ToCountry", "US"),
        ("ToState", "CA"),
        ("SmsMessageSid", sid),
        ("NumMedia", str(len(media))),
        ("ToCity", ""),
        ("FromZip", ""),
        ("SmsSid", sid),
        ("FromState", ""),
        ("SmsStatus", "received"),
        ("FromCity", ""),
        ("Body", body),
        ("FromCountry", "KE"),
        ("To", to),
        ("ToZip", ""),
        ("NumSegments", "1"),
        ("MessageSid", sid),
        ("AccountSid", account_sid),
        ("From", sender),
        ("ApiVersion", "2010-04-01"),
    ]
    if messaging_service_sid:
        params.append(("MessagingServiceSid", messaging_service_sid))
    for index, (url, content_type) in enumerate(media):
        params += [(f"MediaUrl{index}", url), (f"MediaContentType{index}", content_type)]
    if whatsapp:
        params += [
            ("ProfileName", profile_name or ""),
            ("WaId", sender.removeprefix("whatsapp:+")),
            ("MessageType", "image" if media else "text"),
            ("ChannelMetadata", '{"type":"whatsapp","data":{}}'),
        ]
    if opt_out_type:
        params.append(("OptOutType", opt_out_type))
    return params


def status_params(
    *,
    account_sid: str,
    message_sid: str,
    status: str,
    sender: str,
    to: str,
    error_code: int | None = None,
    messaging_service_sid: str | None = None,
) -> list[tuple[str, str]]:
    """Form fields of a status callback for an outbound message."""
    params = [
        ("SmsSid", message_sid),
        ("SmsStatus", status),
        ("MessageStatus", status),
        ("To", to),
        ("MessageSid", message_sid),
        ("AccountSid", account_sid),
        ("From", sender),
        ("ApiVersion", "2010-04-01"),
    ]
    if messaging_service_sid:
        params.append(("MessagingServiceSid", messaging_service_sid))
    if error_code is not None:
        params.append(("ErrorCode", str(error_code)))
    if to.startswith("whatsapp:"):
        params += [
            ("ChannelPrefix", "whatsapp"),
            ("ChannelToAddress", to.removeprefix("whatsapp:")),
        ]
    return params
