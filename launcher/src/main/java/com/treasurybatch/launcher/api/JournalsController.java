package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.JournalProposal;
import com.treasurybatch.shared.ledger.JournalProposals;
import com.treasurybatch.shared.ledger.ManualJournalRefusedException;
import com.treasurybatch.shared.ledger.ManualJournals;
import com.treasurybatch.shared.ledger.Side;

/**
 * {@code /api/journals}: manual journals with four eyes ({@link ManualJournals}). OPS and FINANCE propose
 * ({@code POST /api/journals}, {@code POST /api/journals/{id}/reversal} for a posted journal); only FINANCE
 * approves or rejects, and never their own proposal (409); OPS, FINANCE and AUDITOR list and read. Every proposal
 * and decision is in the audit trail (target {@code journal_proposal:<id>}); approved ones are journals of kind
 * {@code manual} (or {@code reversal}) in the ledger and its export; this listing is the ledger export's sibling
 * for proposals, rejected ones included. Amounts in minor units.
 */
@RestController
@RequestMapping("/api/journals")
class JournalsController {

	private final ManualJournals journals;

	private final JournalProposals proposals;

	JournalsController(ManualJournals journals, JournalProposals proposals) {
		this.journals = journals;
		this.proposals = proposals;
	}

	/**
	 * Proposes: {@code {"description", "reason", "suspenseSale"?, "postings": [{"account", "side": "D"|"C",
	 * "amount", "currency"}]}}; 201 with the proposal ({@code id}, {@code status} PROPOSED); no balance moves.
	 */
	@PostMapping
	ResponseEntity<JournalProposal> propose(@Valid @RequestBody ProposeRequest request, Principal principal) {
		List<JournalLine> lines = request.postings()
			.stream()
			.map((p) -> new JournalLine(p.account(), Side.fromCode(p.side()), p.amount(), p.currency()))
			.toList();
		JournalProposal proposal = this.journals.propose(request.description(), request.reason(), lines,
				request.suspenseSale(), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/journals/" + proposal.id())).body(proposal);
	}

	/** Proposes the reversal of posted journal {@code id}: {@code {"reason"}}; 201, 404 without such a journal. */
	@PostMapping("/{id}/reversal")
	ResponseEntity<JournalProposal> proposeReversal(@PathVariable("id") long journalId,
			@Valid @RequestBody ReasonRequest request, Principal principal) {
		JournalProposal proposal = this.journals.proposeReversal(journalId, request.reason(),
				ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/journals/" + proposal.id())).body(proposal);
	}

	/** Approves and posts proposal {@code id}; 409 for the proposer or a decided proposal, 404 if unknown. */
	@PostMapping("/{id}/approve")
	JournalProposal approve(@PathVariable("id") long id, Principal principal) {
		return this.journals.approve(id, ApiActor.of(principal));
	}

	/** Rejects proposal {@code id} ({@code {"reason"}} optional); 409 for the proposer or a decided proposal. */
	@PostMapping("/{id}/reject")
	JournalProposal reject(@PathVariable("id") long id, @RequestBody(required = false) NoteRequest request,
			Principal principal) {
		return this.journals.reject(id, (request != null) ? request.reason() : null, ApiActor.of(principal));
	}

	/** Proposals newest first; {@code status} PROPOSED, APPROVED or REJECTED; {@code before} an id (paging). */
	@GetMapping
	List<JournalProposal> list(@RequestParam(name = "status", required = false) String status,
			@RequestParam(name = "before", required = false) Long before,
			@RequestParam(name = "limit", defaultValue = "50") int limit) {
		return this.proposals.list(status, before, limit);
	}

	/** One proposal; 404 if unknown. */
	@GetMapping("/{id}")
	JournalProposal show(@PathVariable("id") long id) {
		return this.proposals.find(id)
			.orElseThrow(() -> new ManualJournalRefusedException(ManualJournalRefusedException.Kind.NOT_FOUND,
					"no journal proposal with id " + id));
	}

	@ExceptionHandler(ManualJournalRefusedException.class)
	ProblemDetail refused(ManualJournalRefusedException ex) {
		HttpStatus status = switch (ex.kind()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case INVALID -> HttpStatus.BAD_REQUEST;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setProperty("refusal", ex.kind().name());
		return problem;
	}

	record ProposeRequest(@NotBlank String description, @NotBlank String reason, String suspenseSale,
			@NotNull @Size(min = 2, max = 100) List<@Valid PostingRequest> postings) {
	}

	record PostingRequest(@NotBlank String account, @NotNull @Pattern(regexp = "[DC]") String side,
			@Positive long amount, @NotNull @Pattern(regexp = "[a-z]{3}") String currency) {
	}

	record ReasonRequest(@NotBlank String reason) {
	}

	record NoteRequest(String reason) {
	}

}
