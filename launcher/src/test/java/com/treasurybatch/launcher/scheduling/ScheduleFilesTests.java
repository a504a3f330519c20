package com.treasurybatch.launcher.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScheduleFilesTests {

	@Test
	void theShippedScheduleRunsInboxProcessingEveryMinute() {
		List<ScheduleDefinition> shipped = new ScheduleFiles("classpath*:schedules/*.yaml", ZoneId.of("UTC")).load();
		assertThat(shipped).extracting(ScheduleDefinition::job).contains("inbox-processing");
		ScheduleDefinition inbox = shipped.stream().filter((d) -> d.job().equals("inbox-processing")).findFirst()
			.orElseThrow();
		assertThat(inbox.cron()).isEqualTo("0 * * * * ?");
		assertThat(inbox.enabled()).isTrue();
		assertThat(inbox.misfire()).isEqualTo(ScheduleDefinition.Misfire.FIRE_ONCE_NOW);
	}

	@Test
	void readsEveryFieldOfAFile() {
		List<ScheduleDefinition> definitions = new ScheduleFiles("classpath*:test-schedules/*.yaml", ZoneId.of("Europe/Berlin")).load();
		assertThat(definitions).extracting(ScheduleDefinition::name).containsExactly("nightly-demo", "paused-demo");
		assertThat(definitions).extracting(ScheduleDefinition::job).containsExactly("nightly-demo", "paused-demo");
		ScheduleDefinition nightly = definitions.get(0);
		assertThat(nightly.cron()).isEqualTo("0 30 2 * * ?");
		assertThat(nightly.zone()).isEqualTo(ZoneId.of("America/New_York"));
		assertThat(nightly.misfire()).isEqualTo(ScheduleDefinition.Misfire.DO_NOTHING);
		assertThat(nightly.parameters()).containsExactly(Map.entry("date", "{yesterday}"));
		assertThat(definitions.get(1).enabled()).isFalse();
		assertThat(definitions.get(1).zone()).as("a file without a zone runs in the business zone")
			.isEqualTo(ZoneId.of("Europe/Berlin"));
	}

	@Test
	void aMalformedFileIsRefusedWithItsNameAndTheField() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ScheduleFiles("classpath*:test-schedules/bad/*.yaml", ZoneId.of("UTC")).load())
			.withMessageContaining("broken-cron.yaml")
			.withMessageContaining("cron");
	}

	@Test
	void datePlaceholdersFollowTheScheduleZoneNotUtc() {
		// 02:00 UTC on 1 March is still 28 February in New York
		Instant fire = Instant.parse("2026-03-01T02:00:00Z");
		Map<String, String> resolved = ScheduleParameters.resolve(
				Map.of("date", "{yesterday}", "day", "{today}", "mode", "full"), fire, ZoneId.of("America/New_York"));
		assertThat(resolved).containsEntry("date", "2026-02-27")
			.containsEntry("day", "2026-02-28")
			.containsEntry("mode", "full");
	}

	@Test
	void theMonthlyReportScheduleExportsTheMonthBeforeTheFireTime() {
		ScheduleDefinition reports = new ScheduleFiles("classpath*:schedules/*.yaml", ZoneId.of("UTC")).load()
			.stream()
			.filter((d) -> d.name().equals("report-generation"))
			.findFirst()
			.orElseThrow();
		Map<String, String> resolved = ScheduleParameters.resolve(reports.parameters(),
				Instant.parse("2027-01-01T03:00:00Z"), ZoneId.of("UTC"));
		assertThat(resolved).containsEntry("type", "ledger-export")
			.containsEntry("period", "2026-12")
			.containsEntry("format", "csv");
		assertThat(ScheduleParameters.resolve(Map.of("year", "{last-year}"), Instant.parse("2027-01-01T03:00:00Z"),
				ZoneId.of("UTC"))).containsEntry("year", "2026");
	}


	@Test
	void twoFilesOfTheSameNameAreRefusedAndAFileNameMustBeKebabCase() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ScheduleFiles("classpath*:test-schedules/dup/*/*.yaml", ZoneId.of("UTC")).load())
			.withMessageContaining("nightly.yaml")
			.withMessageContaining("a schedule named nightly is already defined by another file");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ScheduleFiles("classpath*:test-schedules/badname/*.yaml", ZoneId.of("UTC")).load())
			.withMessageContaining("Nightly_Demo.yaml")
			.withMessageContaining("kebab-case");
	}

	@Test
	void everyShippedFileIsNamedAfterItselfAndSeveralMayRunOneJob() {
		List<ScheduleDefinition> shipped = new ScheduleFiles("classpath*:schedules/*.yaml", ZoneId.of("UTC")).load();
		assertThat(shipped).extracting(ScheduleDefinition::source)
			.allSatisfy((source) -> assertThat(source).endsWith(".yaml"));
		assertThat(shipped).allSatisfy((d) -> assertThat(d.source()).isEqualTo(d.name() + ".yaml"));
		assertThat(shipped.stream().filter((d) -> d.job().equals("analytics-rollups")).map(ScheduleDefinition::name))
			.containsExactly("analytics-rollups", "analytics-rollups-daily");
		assertThat(shipped.stream().filter((d) -> d.job().equals("report-generation")).map(ScheduleDefinition::name))
			.containsExactly("report-generation", "report-generation-1099-k", "report-generation-1099-nec",
					"report-generation-event-reports", "report-generation-payee-statements",
					"report-generation-payouts", "report-generation-vat-invoices");
	}

	@Test
	void theNightlyRollupScheduleRebuildsYesterdayInUtcAfterTheHourlyRunHasPassedMidnight() {
		ScheduleDefinition daily = shipped("analytics-rollups-daily");
		assertThat(daily.job()).isEqualTo("analytics-rollups");
		assertThat(daily.zone()).isEqualTo(ZoneId.of("UTC"));
		Instant fire = nextFire(daily, Instant.parse("2026-11-21T00:06:00Z"));
		assertThat(fire).isEqualTo(Instant.parse("2026-11-21T00:35:00Z"));
		assertThat(ScheduleParameters.resolve(daily.parameters(), fire, daily.zone()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("mode", "rebuild", "from", "2026-11-20", "to", "2026-11-20"));
		assertThat(shipped("analytics-rollups").parameters()).as("the hourly run stays incremental").isEmpty();
	}

	@Test
	void theMonthlyReportSchedulesReportLastMonthOnTheFirstOneAfterTheOther() {
		List<String> fired = new java.util.ArrayList<>();
		for (String name : List.of("report-generation", "report-generation-payouts",
				"report-generation-payee-statements", "report-generation-vat-invoices",
				"report-generation-event-reports")) {
			ScheduleDefinition schedule = shipped(name);
			Instant fire = nextFire(schedule, Instant.parse("2026-11-21T12:00:00Z"));
			Map<String, String> resolved = ScheduleParameters.resolve(schedule.parameters(), fire, schedule.zone());
			com.treasurybatch.shared.reports.ReportRequest request = com.treasurybatch.shared.reports.ReportRequest
				.of(resolved.get("type"), resolved.get("period"), resolved.get("format"));
			fired.add(fire + " " + request.type().code() + " " + request.period() + " " + request.format());
		}
		assertThat(fired).containsExactly("2026-12-01T03:00:00Z ledger-export 2026-11 csv",
				"2026-12-01T05:00:00Z payouts 2026-11 csv", "2026-12-01T06:00:00Z payee-statement 2026-11 pdf",
				"2026-12-01T07:00:00Z vat-invoices 2026-11 pdf", "2026-12-01T08:00:00Z event-report 2026-11 pdf");
	}

	@Test
	void theYearlyFormSchedulesReportLastTaxYearInJanuaryAsAStringPeriod() {
		List<String> fired = new java.util.ArrayList<>();
		for (String name : List.of("report-generation-1099-k", "report-generation-1099-nec")) {
			ScheduleDefinition schedule = shipped(name);
			Instant fire = nextFire(schedule, Instant.parse("2026-11-21T12:00:00Z"));
			Map<String, String> resolved = ScheduleParameters.resolve(schedule.parameters(), fire, schedule.zone());
			assertThat(resolved).containsEntry("period:string", "2026");
			com.treasurybatch.shared.reports.ReportRequest request = com.treasurybatch.shared.reports.ReportRequest
				.of(resolved.get("type"), resolved.get("period:string"), resolved.get("format"));
			fired.add(fire + " " + request.type().code() + " " + request.period() + " " + request.format());
		}
		assertThat(fired).containsExactly("2027-01-01T10:00:00Z 1099-k 2026 pdf",
				"2027-01-01T11:00:00Z 1099-nec 2026 pdf");
	}

	private static ScheduleDefinition shipped(String name) {
		return new ScheduleFiles("classpath*:schedules/*.yaml", ZoneId.of("UTC")).load()
			.stream()
			.filter((d) -> d.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static Instant nextFire(ScheduleDefinition schedule, Instant after) {
		try {
			org.quartz.CronExpression cron = new org.quartz.CronExpression(schedule.cron());
			cron.setTimeZone(java.util.TimeZone.getTimeZone(schedule.zone()));
			return cron.getNextValidTimeAfter(java.util.Date.from(after)).toInstant();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
