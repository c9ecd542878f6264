package io.github.zohousersbatch.fleet;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jms.support.converter.MessageConversionException;
import org.springframework.jms.support.converter.MessageConverter;

/**
 * The worker's reading of what the broker hands it: the text of a {@link TextMessage},
 * nothing else. Any other message (an {@code ObjectMessage} above all, whose
 * {@code getObject()} would deserialize classes chosen by its sender) is refused with a
 * log line and never opened: it becomes {@link #REFUSED}, which the worker drops, so that
 * it is consumed once rather than handed back for ever.
 */
final class TextMessagesOnly implements MessageConverter {

	/** What a refused message becomes. */
	static final Object REFUSED = new Object() {

		@Override
		public String toString() {
			return "refused message";
		}

	};

	private static final Logger log = LoggerFactory.getLogger(TextMessagesOnly.class);

	@Override
	public Object fromMessage(Message message) throws JMSException {
		if (message instanceof TextMessage text) {
			return text.getText();
		}
		log.error("Refused a message of type {} from the broker (id {}): partition requests are text messages only; it "
				+ "was dropped without being read", kind(message), message.getJMSMessageID());
		return REFUSED;
	}

	@Override
	public Message toMessage(Object object, Session session) {
		throw new MessageConversionException("The worker sends nothing");
	}

	private static String kind(Message message) {
		Class<?> type = message.getClass();
		for (Class<?> jms : type.getInterfaces()) {
			if (jms.getName().startsWith("jakarta.jms.")) {
				return jms.getSimpleName();
			}
		}
		return type.getSimpleName();
	}

}
