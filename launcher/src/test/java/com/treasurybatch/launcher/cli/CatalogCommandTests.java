package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.inventory.TicketType;
import com.treasurybatch.shared.inventory.TicketTypes;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code catalog load FILE}: good rows load, a malformed row is skipped with its line and reason. */
@OperationsTest
class CatalogCommandTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	TicketTypes ticketTypes;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path directory;

	@Test
	void good_rows_load_and_a_malformed_row_is_reported_with_its_line_and_reason() throws Exception {
		Path file = this.directory.resolve("catalog.csv");
		Files.writeString(file, """
				event_id,event_title,event_starts_at,ticket_type_id,ticket_name,price,currency,capacity,sale_starts_at,sale_ends_at
				cat-show-1,"Harbour Lights, night one",2027-03-01T20:00:00Z,cat-show-1-ga,General admission,4500,usd,800,2026-12-01T10:00:00Z,2027-03-01T19:00:00Z
				cat-show-1,"Harbour Lights, night one",2027-03-01T20:00:00Z,cat-show-1-vip,VIP,12.50,usd,40,2026-12-01T10:00:00Z,2027-03-01T19:00:00Z
				cat-show-1,"Harbour Lights, night one",2027-03-01T20:00:00Z,cat-show-1-balcony,Balcony,3000,usd,120,2026-12-01T10:00:00Z,2027-03-01T19:00:00Z
				""");

		StringWriter out = new StringWriter();
		int exit = TreasuryCli.execute(this.context, new String[] { "catalog", "load", file.toString() },
				new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

		assertThat(exit).isEqualTo(ExitCodes.REFUSED);
		assertThat(out.toString()).contains("loaded 2 rows, skipped 1")
			.contains("line 3 skipped: price '12.50' is not a whole number (minor units)");
		assertThat(this.ticketTypes.find("cat-show-1-ga")).hasValueSatisfying((type) -> {
			assertThat(type.priceCents()).isEqualTo(4500);
			assertThat(type.capacity()).isEqualTo(800);
			assertThat(type.eventId()).isEqualTo("cat-show-1");
		});
		assertThat(this.ticketTypes.find("cat-show-1-vip")).isEmpty();
		assertThat(this.ticketTypes.list("cat-show-1")).extracting(TicketType::id)
			.containsExactly("cat-show-1-balcony", "cat-show-1-ga");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM audit_log WHERE action = 'catalog.ticket_type' AND actor = 'alice'", Long.class))
			.isEqualTo(2);
	}

}
