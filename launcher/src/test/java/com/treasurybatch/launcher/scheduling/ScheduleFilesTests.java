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
			.filter((d) -> d.job().equals("report-generation"))
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

}
