import logging

from hotline.caller import phone_mask

logger = logging.getLogger("sms")


class LogGateway:
    """Sends nothing: writes the message to the log (number masked). The message row records it
    as sent with provider id "log-<id>", so the text stays findable (sms.selectors.sms_last_to)."""

    def send(self, *, phone: str, text: str, sign: str, message_id: int) -> str:
        logger.info("SMS %s to %s: 【%s】%s", message_id, phone_mask(phone), sign, text)
        return f"log-{message_id}"
