package com.treasurybatch.shared.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Records erasure requests for the CLI and the API, audited as {@code gdpr.erasure_request} (refusals too). The audit
 * row holds the subject's hash and how many identifiers of each kind were given, never the identifiers: the audit
 * trail is kept 7 years and must not keep what is being erased. The {@code gdpr-purge} job honours the request.
 */
@Service
public class ErasureDesk {

	/** The audited action. */
	public static final String ACTION = "gdpr.erasure_request";

	private final ErasureRequests requests;

	private final AuditLog audit;

	private final PrivacyProperties properties;

	private final Clock clock;

	private final TransactionTemplate transaction;

	/**
	 * @param requests the request rows
	 * @param audit the audit trail
	 * @param properties the erasure deadline
	 * @param clock UTC now
	 * @param transactionManager a request and its audit row commit together
	 */
	public ErasureDesk(ErasureRequests requests, AuditLog audit, PrivacyProperties properties, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.requests = requests;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Records a PENDING request due {@code erasure-deadline-days} from now.
	 * @param emails the subject's email addresses, may be empty
	 * @param customerIds Stripe customer ids {@code cus_...}, may be empty
	 * @param accountIds connected account ids {@code acct_...}, may be empty
	 * @param analyticsUserIds analytics user ids, may be empty
	 * @param actor who asked, through which channel ({@code cli} or {@code api})
	 * @return the recorded request
	 * @throws ErasureRefusedException if nothing or a malformed identifier is given (audited as refused)
	 */
	public ErasureRequest request(List<String> emails, List<String> customerIds, List<String> accountIds,
			List<String> analyticsUserIds, Actor actor) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("emails", size(emails));
		parameters.put("customerIds", size(customerIds));
		parameters.put("accountIds", size(accountIds));
		parameters.put("analyticsUserIds", size(analyticsUserIds));
		DataSubject subject;
		try {
			subject = new DataSubject(emails, customerIds, accountIds, analyticsUserIds);
		}
		catch (IllegalArgumentException ex) {
			this.transaction.executeWithoutResult((status) -> this.audit.record(new AuditEvent(actor, ACTION,
					"erasure_request", parameters, AuditOutcome.REFUSED, ex.getMessage())));
			throw new ErasureRefusedException(ex.getMessage());
		}
		parameters.put("subjectHash", subject.hash());
		Instant now = this.clock.instant();
		return this.transaction.execute((status) -> {
			ErasureRequest request = this.requests.create(subject, now,
					now.plus(Duration.ofDays(this.properties.erasureDeadlineDays())), actor.channel().code(),
					actor.name());
			this.audit.record(new AuditEvent(actor, ACTION, "erasure_request:" + request.id(), parameters,
					AuditOutcome.OK, "PENDING, due " + request.dueAt()));
			return request;
		});
	}

	private static int size(List<String> values) {
		return (values != null) ? values.size() : 0;
	}

}
