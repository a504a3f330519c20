package com.treasurybatch.jobs.reports;

import java.util.List;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.ReportsProperties;
import com.treasurybatch.shared.reports.TaxProfiles;

/**
 * {@code 1099-nec}: Form 1099-NEC, Nonemployee Compensation, for a tax year. Reported: US payees paid at least the
 * year's threshold for brand offers ({@link ReportsProperties#FORM_1099NEC_DEFAULT}: $600 through 2025, $2,000 from
 * 2026), counted by the date each payment was made ({@link NecPayments}). Boxes: 1 nonemployee compensation, 4
 * federal income tax withheld (none).
 */
@Component
class Form1099necRenderer extends Form1099Renderer {

	private final NecPayments amounts;

	Form1099necRenderer(NecPayments amounts, TaxProfiles profiles, ReportsProperties properties) {
		super(profiles, properties);
		this.amounts = amounts;
	}

	@Override
	public ReportType type() {
		return ReportType.FORM_1099_NEC;
	}

	@Override
	List<Form1099> figures(int taxYear, String payee) {
		return this.amounts.form1099nec(taxYear, payee);
	}

	@Override
	boolean reportable(int taxYear, Form1099 form) {
		return Form1099.reportable1099nec(properties().form1099necFor(taxYear), form.totalCents());
	}

	@Override
	String title() {
		return "Form 1099-NEC Nonemployee Compensation";
	}

	@Override
	List<String[]> boxes(Form1099 form) {
		return List.of(new String[] { "1 Nonemployee compensation", usd(form.totalCents()) },
				new String[] { "4 Federal income tax withheld", usd(0) });
	}

	@Override
	String[] irisHeader() {
		return new String[] { "Box 1 Nonemployee compensation", "Box 4 Federal income tax withheld" };
	}

	@Override
	String[] irisValues(Form1099 form) {
		return new String[] { dollars(form.totalCents()), dollars(0) };
	}

	@Override
	String[] dataHeader() {
		return new String[] { "box_1_cents", "box_4_cents" };
	}

	@Override
	String[] dataValues(Form1099 form) {
		return new String[] { Long.toString(form.totalCents()), "0" };
	}

}
