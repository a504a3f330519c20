package com.treasurybatch.jobs.gdpr;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.privacy.ErasureLog;
import com.treasurybatch.shared.privacy.ErasureRequest;
import com.treasurybatch.shared.privacy.ErasureRequests;
import com.treasurybatch.shared.privacy.ErasureSubject;
import com.treasurybatch.shared.privacy.Holding;
import com.treasurybatch.shared.privacy.PersonalDataHolder;
import com.treasurybatch.shared.privacy.Restrictions;

/**
 * Erases a chunk of PENDING erasure requests through every {@link PersonalDataHolder}, in the chunk's transaction:
 * the holders' deletions and redactions, the restrictions on kept rows, the erasure log rows and the requests' move
 * to DONE (which forgets the identifiers) commit together or not at all, so a failed chunk is redone whole by the
 * restart and nothing is counted twice. Each erased request is audited ({@value #AUDIT_ACTION}, by {@code system},
 * counts only). In a dry run the holders only count, nothing is written, and the totals go
 * to the step's exit description.
 *
 * <p>
 * Invariants: a request gets one erasure log row (the log refuses a second); the holders see only PENDING requests.
 */
class ErasureWriter implements ItemWriter<ErasureRequest>, StepExecutionListener {

	/** The audited action, one row per erased request, target {@code erasure_request:<id>}. */
	static final String AUDIT_ACTION = "gdpr.erasure";

	private static final Logger log = LoggerFactory.getLogger(ErasureWriter.class);

	private final List<PersonalDataHolder> holders;

	private final ErasureRequests requests;

	private final ErasureLog erasureLog;

	private final Restrictions restrictions;

	private final AuditLog audit;

	private final Clock clock;

	private final boolean dryRun;

	private final Map<String, long[]> totals = new LinkedHashMap<>();

	private long requestsSeen;

	private Long jobExecutionId;

	ErasureWriter(List<PersonalDataHolder> holders, ErasureRequests requests, ErasureLog erasureLog,
			Restrictions restrictions, AuditLog audit, Clock clock, boolean dryRun) {
		Set<String> names = new HashSet<>();
		for (PersonalDataHolder holder : holders) {
			if (!names.add(holder.name())) {
				throw new IllegalStateException("two personal data holders are named " + holder.name());
			}
		}
		this.holders = List.copyOf(holders);
		this.requests = requests;
		this.erasureLog = erasureLog;
		this.restrictions = restrictions;
		this.audit = audit;
		this.clock = clock;
		this.dryRun = dryRun;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.jobExecutionId = stepExecution.getJobExecutionId();
	}

	@Override
	public void write(Chunk<? extends ErasureRequest> chunk) {
		Instant now = this.clock.instant();
		List<ErasureSubject> subjects = new ArrayList<>();
		for (ErasureRequest request : chunk) {
			subjects.add(new ErasureSubject(request.id(), request.subject()));
		}
		Map<String, Map<Long, Holding>> answers = new LinkedHashMap<>();
		StringBuilder timings = new StringBuilder();
		for (PersonalDataHolder holder : this.holders) {
			long started = System.nanoTime();
			try {
				answers.put(holder.name(), this.dryRun ? holder.assess(subjects) : holder.erase(subjects, now));
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("personal data holder " + holder.name() + " failed on erasure requests "
						+ subjects.stream().map(ErasureSubject::requestId).toList() + ": " + ex.getMessage(), ex);
			}
			timings.append(' ').append(holder.name()).append(' ').append((System.nanoTime() - started) / 1_000_000)
				.append(" ms");
		}
		log.info("Chunk of {} erasure requests{}:{}", subjects.size(), this.dryRun ? " (dry run)" : "", timings);
		List<ErasureLog.Entry> entries = new ArrayList<>();
		for (ErasureRequest request : chunk) {
			List<Holding> holdings = new ArrayList<>();
			answers.forEach((holder, byRequest) -> {
				Holding holding = byRequest.get(request.id());
				if (holding != null && (holding.erased() > 0 || holding.kept() > 0)) {
					holdings.add(holding);
				}
			});
			entries.add(new ErasureLog.Entry(request.id(), request.subjectHash(), holdings));
			if (log.isDebugEnabled()) {
				log.debug("Erasure request {} (subject {}){}: {}", request.id(), request.subjectHash().substring(0, 12),
						this.dryRun ? " dry run" : "", holdings);
			}
		}
		if (!this.dryRun) {
			this.restrictions.restrictAll(entries);
			this.erasureLog.recordAll(entries, now, this.jobExecutionId);
			for (ErasureLog.Entry entry : entries) {
				long erased = entry.holdings().stream().mapToLong(Holding::erased).sum();
				long kept = entry.holdings().stream().mapToLong(Holding::kept).sum();
				Map<String, Object> parameters = new LinkedHashMap<>();
				parameters.put("subjectHash", entry.subjectHash());
				parameters.put("erased", erased);
				parameters.put("kept", kept);
				parameters.put("jobExecutionId", this.jobExecutionId);
				this.audit.record(new AuditEvent(Actor.SYSTEM, AUDIT_ACTION, "erasure_request:" + entry.requestId(),
						parameters, AuditOutcome.OK, erased + " rows erased, " + kept
								+ " kept under a legal duty (restricted); details in the erasure log"));
			}
			int completed = this.requests.completeAll(entries.stream().map(ErasureLog.Entry::requestId).toList(), now);
			if (completed != entries.size()) {
				throw new IllegalStateException("only " + completed + " of " + entries.size()
						+ " erasure requests were still PENDING: another purge completed some during this chunk");
			}
		}
		synchronized (this.totals) {
			this.requestsSeen += chunk.size();
			answers.forEach((holder, byRequest) -> byRequest.values().forEach((holding) -> {
				long[] sums = this.totals.computeIfAbsent(holder, (h) -> new long[2]);
				sums[0] += holding.erased();
				sums[1] += holding.kept();
			}));
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		StringBuilder summary = new StringBuilder(this.dryRun ? "dry run, nothing changed: " : "")
			.append(this.requestsSeen)
			.append(this.dryRun ? " requests would be erased" : " requests erased in this execution");
		this.totals.forEach((holder, sums) -> summary.append("; ")
			.append(holder)
			.append(": ")
			.append(sums[0])
			.append(this.dryRun ? " would be erased, " : " erased, ")
			.append(sums[1])
			.append(" kept under a legal duty"));
		return stepExecution.getExitStatus().addExitDescription(summary.toString());
	}

}
