package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.Side;

/**
 * Flags payees whose payable went negative after money was taken back from them (a refund or a dispute after
 * they were paid out): a WARNING alert {@code negative_payable}. Nothing else is needed to net it: the payable's
 * balance is what the payout jobs pay, so later sales fill the hole before anything is paid again.
 */
@Component
class PayableWatch {

	private static final String PAYABLE_PREFIX = "payable:";

	private final Ledger ledger;

	private final Alerts alerts;

	PayableWatch(Ledger ledger, Alerts alerts) {
		this.ledger = ledger;
		this.alerts = alerts;
	}

	/**
	 * Alerts on each payable debited by a journal that is now negative.
	 * @param lines the journal's lines
	 * @param sourceId what took the money back, e.g. {@code re_...}, for the alert and its deduplication
	 */
	void check(List<JournalLine> lines, String sourceId) {
		for (JournalLine line : lines) {
			if (line.side() != Side.DEBIT || !line.accountCode().startsWith(PAYABLE_PREFIX)) {
				continue;
			}
			long balance = this.ledger.balance(line.accountCode(), line.currency()).balanceCents();
			if (balance < 0) {
				String payee = line.accountCode().substring(PAYABLE_PREFIX.length());
				this.alerts.raise(Severity.WARNING, "negative_payable", payee,
						line.accountCode() + " is " + balance + " " + line.currency() + " after " + sourceId
								+ ": the payee was paid more than they are owed; later sales are netted against it "
								+ "before any payout",
						"negative_payable:" + payee + ":" + line.currency() + ":" + sourceId);
			}
		}
	}

}
