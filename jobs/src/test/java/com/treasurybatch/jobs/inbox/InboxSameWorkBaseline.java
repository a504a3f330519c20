package com.treasurybatch.jobs.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;

/**
 * What {@code inbox-processing} does for a staged paid Checkout Session, written by hand with plain JDBC batches:
 * claim and mark the inbox rows in one {@code UPDATE ... RETURNING}, parse each payload, insert the sale journal
 * with its postings, the order, the buyer (one upsert per distinct email) and the completed draft order, one
 * commit per batch. No split rules or validation: the journals are the ones worked out beforehand, as in the
 * journal-only baseline. Left out: the recovery-email cancellation (none exist in the benchmark; the job's
 * statement finds none) and the Spring Batch job repository.
 */
final class InboxSameWorkBaseline {

	/** The journal insert of {@code Ledger}, with the postings in the same statement, as a batchable INSERT. */
	static final String JOURNAL_SQL = """
			WITH journal AS (
			    INSERT INTO journals (kind, source_id, description, effective_at, reverses_journal_id)
			    VALUES (?, ?, ?, ?, NULL)
			    ON CONFLICT (source_id, kind) DO NOTHING
			    RETURNING id
			)
			INSERT INTO postings (journal_id, account_id, side, amount, currency)
			SELECT journal.id, line.account_id, line.side, line.amount, line.currency
			FROM journal CROSS JOIN unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[])
			    AS line (account_id, side, amount, currency)
			""";

	private static final String CLAIM_SQL = """
			UPDATE webhook_inbox SET status = 'PROCESSED', processed_at = ?
			WHERE id IN (SELECT id FROM webhook_inbox WHERE status = 'RECEIVED' ORDER BY created, id LIMIT ?
			             FOR UPDATE SKIP LOCKED)
			RETURNING event_id, payload::text
			""";

	private static final String ORDER_SQL = """
			INSERT INTO orders (sale_key, checkout_session_id, payment_intent, item_type, item_id, split_rule_id,
			    split_inline, payee_in_suspense, amount_total, tax_amount, currency, payment_status, status, journal_id,
			    created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, 'PAID',
			    (SELECT id FROM journals WHERE source_id = ? AND kind = 'sale'), ?, ?)
			ON CONFLICT (sale_key) DO NOTHING
			""";

	private static final String CONTACT_SQL = """
			INSERT INTO contacts AS c (id, email, name, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)
			ON CONFLICT (lower(email)) DO UPDATE SET name = coalesce(EXCLUDED.name, c.name)
			RETURNING c.id
			""";

	private static final String DRAFT_SQL = """
			INSERT INTO draft_orders AS d (id, buyer_id, item_type, item_id, checkout_session_id, amount_total, currency,
			    status, created_at, completed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'COMPLETED', ?, ?)
			ON CONFLICT (id) DO UPDATE SET status = 'COMPLETED', completed_at = EXCLUDED.completed_at
			WHERE d.status <> 'COMPLETED'
			""";

	private InboxSameWorkBaseline() {
	}

	/**
	 * Processes every RECEIVED row of the database's inbox.
	 * @param dataSource a database with the sales staged
	 * @param journals each staged event's sale journal, by event id
	 * @param accountIds ledger account ids by code (created beforehand)
	 * @param mapper the JSON parser
	 * @param batch rows per claim and commit
	 * @return the time taken
	 * @throws SQLException as JDBC throws it
	 */
	static Duration run(DataSource dataSource, Map<String, JournalEntry> journals, Map<String, Long> accountIds,
			ObjectMapper mapper, int batch) throws SQLException {
		long start = System.nanoTime();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement claim = connection.prepareStatement(CLAIM_SQL);
				PreparedStatement journal = connection.prepareStatement(JOURNAL_SQL);
				PreparedStatement order = connection.prepareStatement(ORDER_SQL);
				PreparedStatement contact = connection.prepareStatement(CONTACT_SQL);
				PreparedStatement draft = connection.prepareStatement(DRAFT_SQL)) {
			connection.setAutoCommit(false);
			while (true) {
				Timestamp now = Timestamp.from(Instant.now());
				claim.setTimestamp(1, now);
				claim.setInt(2, batch);
				List<JsonNode> sessions = new ArrayList<>(batch);
				try (ResultSet rows = claim.executeQuery()) {
					while (rows.next()) {
						JournalEntry entry = journals.get(rows.getString(1));
						JsonNode session = mapper.readTree(rows.getString(2)).path("data").path("object");
						addJournal(connection, journal, entry, accountIds);
						sessions.add(session);
					}
				}
				if (sessions.isEmpty()) {
					connection.commit();
					break;
				}
				journal.executeBatch();
				Map<String, String> buyers = new LinkedHashMap<>();
				List<String> emails = new ArrayList<>(sessions.size());
				for (JsonNode session : sessions) {
					addOrder(order, session, now);
					JsonNode details = session.path("customer_details");
					String email = details.path("email").asString().toLowerCase(Locale.ROOT);
					emails.add(email);
					buyers.putIfAbsent(email, details.path("name").asString(null));
				}
				order.executeBatch();
				Map<String, String> contactIds = new LinkedHashMap<>();
				for (Map.Entry<String, String> buyer : buyers.entrySet()) {
					contact.setString(1, "ct_" + UUID.randomUUID().toString().replace("-", ""));
					contact.setString(2, buyer.getKey());
					contact.setString(3, buyer.getValue());
					contact.setTimestamp(4, now);
					contact.setTimestamp(5, now);
					try (ResultSet id = contact.executeQuery()) {
						id.next();
						contactIds.put(buyer.getKey(), id.getString(1));
					}
				}
				for (int i = 0; i < sessions.size(); i++) {
					addDraft(draft, sessions.get(i), contactIds.get(emails.get(i)), now);
				}
				draft.executeBatch();
				connection.commit();
			}
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * Adds one journal with its postings to a batch of {@link #JOURNAL_SQL}.
	 * @throws SQLException as JDBC throws it
	 */
	static void addJournal(Connection connection, PreparedStatement statement, JournalEntry journal,
			Map<String, Long> accountIds) throws SQLException {
		List<JournalLine> lines = journal.lines();
		Long[] accounts = new Long[lines.size()];
		String[] sides = new String[lines.size()];
		Long[] amounts = new Long[lines.size()];
		String[] currencies = new String[lines.size()];
		for (int i = 0; i < lines.size(); i++) {
			accounts[i] = accountIds.get(lines.get(i).accountCode());
			sides[i] = lines.get(i).side().code();
			amounts[i] = lines.get(i).amountCents();
			currencies[i] = lines.get(i).currency();
		}
		statement.setString(1, journal.kind());
		statement.setString(2, journal.sourceId());
		statement.setString(3, journal.description());
		statement.setTimestamp(4, Timestamp.from(journal.effectiveAt()));
		statement.setArray(5, connection.createArrayOf("bigint", accounts));
		statement.setArray(6, connection.createArrayOf("text", sides));
		statement.setArray(7, connection.createArrayOf("bigint", amounts));
		statement.setArray(8, connection.createArrayOf("text", currencies));
		statement.addBatch();
	}

	private static void addOrder(PreparedStatement statement, JsonNode session, Timestamp now) throws SQLException {
		JsonNode metadata = session.path("metadata");
		String paymentIntent = session.path("payment_intent").asString();
		String inline = metadata.path("tb_split").asString(null);
		if (inline == null && metadata.has("tb_payee")) {
			inline = metadata.path("tb_payee").asString() + ":10000";
		}
		statement.setString(1, paymentIntent);
		statement.setString(2, session.path("id").asString());
		statement.setString(3, paymentIntent);
		statement.setString(4, metadata.path("tb_item_type").asString(null));
		statement.setString(5, metadata.path("tb_item_id").asString(null));
		statement.setString(6, metadata.path("tb_split_rule").asString(null));
		statement.setString(7, inline);
		statement.setLong(8, session.path("amount_total").asLong());
		statement.setLong(9, session.path("total_details").path("amount_tax").asLong(0));
		statement.setString(10, session.path("currency").asString());
		statement.setString(11, session.path("payment_status").asString());
		statement.setString(12, paymentIntent);
		statement.setTimestamp(13, Timestamp.from(Instant.ofEpochSecond(session.path("created").asLong())));
		statement.setTimestamp(14, now);
		statement.addBatch();
	}

	private static void addDraft(PreparedStatement statement, JsonNode session, String buyerId, Timestamp now)
			throws SQLException {
		JsonNode metadata = session.path("metadata");
		statement.setString(1, metadata.path("tb_draft_order").asString(session.path("id").asString()));
		statement.setString(2, buyerId);
		statement.setString(3, metadata.path("tb_item_type").asString(null));
		statement.setString(4, metadata.path("tb_item_id").asString(null));
		statement.setString(5, session.path("id").asString());
		statement.setLong(6, session.path("amount_total").asLong());
		statement.setString(7, session.path("currency").asString());
		statement.setTimestamp(8, Timestamp.from(Instant.ofEpochSecond(session.path("created").asLong())));
		statement.setTimestamp(9, now);
		statement.addBatch();
	}

}
