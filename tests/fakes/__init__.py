"""Provider fakes: real HTTP servers on 127.0.0.1 speaking Telegram and Twilio.

The real python-telegram-bot and twilio clients talk to them unchanged; only the base URL
differs (`TelegramAdapter(api_url=fake.url)`, `TwilioAdapter(api_url=fake.url)`).

- Start: `fake = FakeTelegram(); fake.start()` ... `fake.stop()`, or the pytest fixtures in
  `tests.fakes.fixtures` (one server per xdist worker, `reset()` before each test).
- Faults: `fake.faults.fail_next(kind, n=1, retry_after=..., status=..., delay=...)` or
  `fake.faults.fail_recipient(to, kind)`; kinds in each module's `FAULT_KINDS`.
- Calls: `fake.calls.calls(method)` (thread-safe `RecordedCall`s with monotonic arrival
  times) and `recording.max_in_window(calls, 1.0)` for the peak send rate.
- Twilio callbacks: a create with `StatusCallback` posts signed callbacks following
  `fake.default_plan` / `fake.plan_for(to, CallbackPlan(...))`; `WebhookReceiver` records them.
- Signed inbound webhooks: `twilio_signing.inbound_params(...)` + `signed_form(url, params,
  token)`; Telegram updates: `telegram_updates.message_update(...)` + `webhook(update, secret)`.
- Loopback only: `tests.fakes.loopback` (`loopback_only` fixture and its autouse twin).
"""
