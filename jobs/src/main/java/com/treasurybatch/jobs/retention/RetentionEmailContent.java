package com.treasurybatch.jobs.retention;

import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import com.treasurybatch.shared.ledger.MinorUnits;
import com.treasurybatch.shared.mail.MailProperties;
import com.treasurybatch.shared.mail.UnsubscribeTokens;
import com.treasurybatch.shared.retention.RetentionTasks;
import com.treasurybatch.shared.retention.TaskKind;

/**
 * Builds a retention email: plain text and HTML alternatives (every value HTML-escaped in the HTML part), a
 * deterministic {@code Message-ID} from the outbox key, and for marketing (abandoned checkout) the RFC 8058
 * headers {@code List-Unsubscribe: <https://.../unsubscribe/TOKEN>} and
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}.
 */
class RetentionEmailContent {

	/** Where a payee finishes Stripe onboarding (Express dashboard login). */
	static final String STRIPE_EXPRESS_LOGIN = "https://connect.stripe.com/express_login";

	private final MailProperties properties;

	private final UnsubscribeTokens tokens;

	RetentionEmailContent(MailProperties properties, UnsubscribeTokens tokens) {
		this.properties = properties;
		this.tokens = tokens;
	}

	/**
	 * @param sender creates the message (its mail session)
	 * @param email what to send
	 * @return the message, ready to send
	 * @throws MessagingException if an address or header is malformed
	 */
	MimeMessage build(JavaMailSender sender, DueEmail email) throws MessagingException {
		String greeting = "Hello" + ((email.name() != null) ? " " + email.name() : "") + ",";
		String subject;
		String body;
		String link;
		String linkText;
		switch (email.kind()) {
			case ABANDONED_CHECKOUT -> {
				String what = (email.itemId() != null) ? email.itemId() : "your order";
				subject = switch (email.step()) {
					case 1 -> "You left " + what + " in your basket";
					case 2 -> "Still thinking about " + what + "?";
					default -> "Last reminder: " + what;
				};
				body = "You started buying " + what
						+ ((email.amountTotal() != null && email.currency() != null)
								? " (" + money(email.amountTotal(), email.currency()) + ")" : "")
						+ " but did not finish. You can pick up where you left off.";
				link = email.actionUrl();
				linkText = "Complete your purchase";
			}
			case KYC_REQUIREMENTS_DUE -> {
				subject = "Action needed: finish your payout account";
				body = "Stripe needs more information before we can keep paying you. Please finish your account "
						+ "details.";
				link = STRIPE_EXPRESS_LOGIN;
				linkText = "Finish your account";
			}
			case PAYMENT_FAILED -> {
				subject = "Your payment did not go through";
				body = "Your payment could not be completed. Please check your payment details and try again.";
				link = email.actionUrl();
				linkText = "Pay now";
			}
			default -> throw new IllegalStateException("Unknown kind " + email.kind());
		}
		String unsubscribeUrl = null;
		if (email.kind() == TaskKind.ABANDONED_CHECKOUT) {
			unsubscribeUrl = this.properties.publicBaseUrl() + "/unsubscribe/"
					+ this.tokens.sign(email.contactId(), RetentionTasks.MARKETING_LIST);
		}
		StringBuilder text = new StringBuilder(greeting).append("\n\n").append(body).append("\n\n");
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><p>").append(escape(greeting))
			.append("</p><p>")
			.append(escape(body))
			.append("</p>");
		if (link != null) {
			text.append(linkText).append(": ").append(link).append("\n\n");
			html.append("<p><a href=\"").append(escape(link)).append("\">").append(escape(linkText)).append("</a></p>");
		}
		if (unsubscribeUrl != null) {
			text.append("Unsubscribe from these emails: ").append(unsubscribeUrl).append('\n');
			html.append("<p style=\"font-size:small\"><a href=\"")
				.append(escape(unsubscribeUrl))
				.append("\">Unsubscribe from these emails</a></p>");
		}
		html.append("</body></html>");

		MimeMessage message = new KeyedMimeMessage(sender.createMimeMessage(), messageId(email.outboxKey()));
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(this.properties.from());
		helper.setTo(email.email());
		helper.setSubject(subject);
		helper.setText(text.toString(), html.toString());
		if (unsubscribeUrl != null) {
			message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
			message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		return message;
	}

	/** {@code <outbox-key@treasury-batch>}, with characters outside RFC 5322 dot-atom text replaced. */
	static String messageId(String outboxKey) {
		return "<" + outboxKey.replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "-") + "@treasury-batch>";
	}

	/** Minor units as {@code 12.50 EUR} ({@link MinorUnits}). */
	static String money(long minorUnits, String currency) {
		return MinorUnits.decimal(minorUnits, currency) + " " + currency.toUpperCase(Locale.ROOT);
	}

	/** Escapes the five HTML-significant characters (OWASP XSS rule 1: element content and quoted attributes). */
	static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/** Keeps the Message-ID we set (JavaMail replaces it on every {@code saveChanges} otherwise). */
	private static final class KeyedMimeMessage extends MimeMessage {

		private final String messageId;

		KeyedMimeMessage(MimeMessage session, String messageId) {
			super(session.getSession());
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
