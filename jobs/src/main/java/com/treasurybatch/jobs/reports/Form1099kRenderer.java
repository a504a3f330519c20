package com.treasurybatch.jobs.reports;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.ReportsProperties;
import com.treasurybatch.shared.reports.TaxProfiles;

/**
 * {@code 1099-k}: Form 1099-K, Payment Card and Third Party Network Transactions (IRC 6050W), for a tax year.
 * Reported: US payees whose box 1a exceeds the year's gross threshold and whose box 3 exceeds its transaction
 * threshold ({@link ReportsProperties#FORM_1099K_DEFAULT}). Boxes: 1a gross, 3 number of payment transactions, 4
 * federal income tax withheld (none), 5a to 5l gross by month. Figures: {@link Form1099Amounts}.
 */
@Component
class Form1099kRenderer extends Form1099Renderer {

	private final Form1099Amounts amounts;

	Form1099kRenderer(Form1099Amounts amounts, TaxProfiles profiles, ReportsProperties properties) {
		super(profiles, properties);
		this.amounts = amounts;
	}

	@Override
	public ReportType type() {
		return ReportType.FORM_1099_K;
	}

	@Override
	List<Form1099> figures(int taxYear, String payee) {
		return this.amounts.form1099k(taxYear, payee);
	}

	@Override
	boolean reportable(int taxYear, Form1099 form) {
		return Form1099.reportable1099k(properties().form1099kFor(taxYear), form.totalCents(), form.transactions());
	}

	@Override
	String title() {
		return "Form 1099-K Payment Card and Third Party Network Transactions";
	}

	@Override
	List<String[]> boxes(Form1099 form) {
		List<String[]> boxes = new ArrayList<>();
		boxes.add(new String[] { "1a Gross amount of payment card/third party network transactions",
				usd(form.totalCents()) });
		boxes.add(new String[] { "3 Number of payment transactions", Long.toString(form.transactions()) });
		boxes.add(new String[] { "4 Federal income tax withheld", usd(0) });
		String[] months = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
				"October", "November", "December" };
		for (int i = 0; i < 12; i++) {
			boxes.add(new String[] { MONTH_BOXES[i] + " " + months[i], usd(form.monthlyCents()[i]) });
		}
		return boxes;
	}

	@Override
	String[] irisHeader() {
		List<String> header = new ArrayList<>(List.of("Box 1a Gross amount of payment card/third party network transactions",
				"Box 3 Number of payment transactions", "Box 4 Federal income tax withheld"));
		String[] months = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
				"October", "November", "December" };
		for (int i = 0; i < 12; i++) {
			header.add("Box " + MONTH_BOXES[i] + " " + months[i]);
		}
		return header.toArray(String[]::new);
	}

	@Override
	String[] irisValues(Form1099 form) {
		List<String> values = new ArrayList<>(
				List.of(dollars(form.totalCents()), Long.toString(form.transactions()), dollars(0)));
		for (long month : form.monthlyCents()) {
			values.add(dollars(month));
		}
		return values.toArray(String[]::new);
	}

	@Override
	String[] dataHeader() {
		List<String> header = new ArrayList<>(List.of("box_1a_cents", "box_3_transactions", "box_4_cents"));
		for (String box : MONTH_BOXES) {
			header.add("box_" + box + "_cents");
		}
		return header.toArray(String[]::new);
	}

	@Override
	String[] dataValues(Form1099 form) {
		List<String> values = new ArrayList<>(
				List.of(Long.toString(form.totalCents()), Long.toString(form.transactions()), "0"));
		for (long month : form.monthlyCents()) {
			values.add(Long.toString(month));
		}
		return values.toArray(String[]::new);
	}

}
