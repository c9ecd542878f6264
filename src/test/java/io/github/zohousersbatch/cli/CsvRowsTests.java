package io.github.zohousersbatch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV fields: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
class CsvRowsTests {

	@Test
	void aCellThatWouldStartAFormulaStartsWithAnApostrophe() {
		assertThat(CsvRows.field("=1+1")).isEqualTo("'=1+1");
		assertThat(CsvRows.field("+33 1 23")).isEqualTo("'+33 1 23");
		assertThat(CsvRows.field("-Dubois")).isEqualTo("'-Dubois");
		assertThat(CsvRows.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(CsvRows.field("\t=1")).isEqualTo("'\t=1");
		assertThat(CsvRows.field("\r=1")).isEqualTo("\"'\r=1\"");
		assertThat(CsvRows.field("=A1,\"x\"")).isEqualTo("\"'=A1,\"\"x\"\"\"");
	}

	@Test
	void otherCellsAreWrittenAsTheyAre() {
		assertThat(CsvRows.field("Amelia Dubois")).isEqualTo("Amelia Dubois");
		assertThat(CsvRows.field("a=b")).isEqualTo("a=b");
		assertThat(CsvRows.field("")).isEmpty();
		assertThat(CsvRows.field(null)).isEmpty();
		assertThat(CsvRows.field(4150868000000225013L)).isEqualTo("4150868000000225013");
	}

}
