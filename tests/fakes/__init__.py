"""Provider fakes: real HTTP servers on 127.0.0.1 speaking Telegram and Twilio."""
