package io.github.zohousersbatch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.auth.TokenCipher;
import io.github.zohousersbatch.auth.TokenStore;
import io.github.zohousersbatch.job.JobRuns;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.BeanUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The given-steps every test shares, in one place: Zoho on the {@link ZohoWireMock}
 * server (users pages from the fixtures in {@code src/test/resources/zoho} and the users
 * count), connections authorized in the database with tokens encrypted as the application
 * stores them, the resulting {@code zoho_user_aggregation}, and runs of the job. Tests
 * annotated {@link ZohoBatchTest} get it as a bean; the end-to-end tests that drive the
 * jar as a process build it with {@link #forProcesses(DataSource)}, where the job is the
 * process's to run.
 */
public final class ZohoFixture {

	/** The access token of every authorized connection. */
	public static final String ACCESS_TOKEN = "1000.0a1b2c3d4e5f60718293a4b5c6d7e8f9.f9e8d7c6b5a4938271605f4e3d2c1b0a";

	/**
	 * The refresh token of every authorized connection, also what
	 * {@code token-authorization-code.json} brings.
	 */
	public static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	/** The access token of {@code token-refresh.json}. */
	public static final String REFRESHED_ACCESS_TOKEN = "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

	/**
	 * Active users in {@code users-page-1.json} to {@code users-page-4.json}, in id
	 * order.
	 */
	/**
	 * The job parameters of run 1 of connection {@code test}, for steps launched or
	 * scoped alone.
	 */
	public static final JobParameters TEST_RUN = new JobParametersBuilder().addString(ZohoJob.CONNECTION, "test")
		.addLong(ZohoJob.RUN_ID, 1L)
		.toJobParameters();

	public static final List<String> ACTIVE_IDS = List.of("4150868000000225013", "4150868000000227013",
			"4150868000000229013", "4150868000000231013", "4150868000000233013", "4150868000000235013",
			"4150868000000236013", "4150868000000238013", "4150868000000239013", "4150868000000240013");

	private static final String USERS = "/crm/v8/users";

	private final TokenStore tokenStore;

	private final JdbcClient jdbc;

	private final JobRuns jobRuns;

	ZohoFixture(TokenStore tokenStore, JdbcClient jdbc, JobRuns jobRuns) {
		this.tokenStore = tokenStore;
		this.jdbc = jdbc;
		this.jobRuns = jobRuns;
	}

	/**
	 * For tests that run the jar as a process: tokens stored in {@code dataSource} with
	 * the test key, as the process will read them; {@link #run} and {@link #complete} are
	 * the process's to do.
	 */
	public static ZohoFixture forProcesses(DataSource dataSource) {
		ZohoProperties properties = new ZohoProperties(Map.of(), ZohoBatchTest.SECRET_KEY, null, null,
				Duration.ofMinutes(5), Duration.ofMinutes(5));
		JdbcClient jdbc = JdbcClient.create(dataSource);
		// the application's own store, whose constructors only Spring calls
		Connections connections = BeanUtils.instantiateClass(BeanUtils.getResolvableConstructor(Connections.class),
				properties, jdbc);
		TokenStore store = BeanUtils.instantiateClass(BeanUtils.getResolvableConstructor(TokenStore.class), jdbc,
				TokenCipher.fromProperties(properties), connections);
		return new ZohoFixture(store, jdbc, null);
	}

	// Zoho

	/** The WireMock server that is Zoho's accounts server and CRM API at once. */
	public WireMockServer zoho() {
		return ZohoWireMock.server();
	}

	/** A request for users page {@code page}, as the job asks for it. */
	public static MappingBuilder usersPage(int page) {
		return get(urlPathEqualTo(USERS)).withQueryParam("page", equalTo(String.valueOf(page)));
	}

	/** Zoho answers users page {@code page} with {@code response}. */
	public void stubPage(int page, ResponseDefinitionBuilder response) {
		zoho().stubFor(usersPage(page).willReturn(response));
	}

	/**
	 * Pages 1 to 4 from the fixtures {@code prefix1.json} to {@code prefix4.json}, and
	 * their number of users as the count.
	 */
	public void stubPages(String prefix) {
		stubPages(prefix, 4);
	}

	/**
	 * Pages 1 to N from the fixtures {@code prefix1.json} to {@code prefixN.json}, and
	 * their number of users as the count.
	 */
	public void stubPages(String prefix, int pages) {
		for (int page = 1; page <= pages; page++) {
			stubPage(page, ZohoWireMock.json(prefix + page + ".json"));
		}
		ZohoWireMock.stubUsersCount(ZohoWireMock.usersIn(prefix, pages));
	}

	// the database

	/**
	 * The connection holds {@link #REFRESH_TOKEN} and {@link #ACCESS_TOKEN}, valid for an
	 * hour (no refresh needed), for WireMock's servers.
	 */
	public void authorized(String connection) {
		authorized(connection, Instant.now().plus(1, ChronoUnit.HOURS));
	}

	/** The same, the access token valid until {@code accessTokenExpiry}. */
	public void authorized(String connection, Instant accessTokenExpiry) {
		save(connection, ZohoWireMock.baseUrl(), ACCESS_TOKEN, REFRESH_TOKEN, accessTokenExpiry);
	}

	/**
	 * The connection holds these tokens, the access token valid for an hour, for
	 * {@code apiDomain} as accounts server and API domain.
	 */
	public void store(String connection, String apiDomain, String accessToken, String refreshToken) {
		save(connection, apiDomain, accessToken, refreshToken, Instant.now().plus(1, ChronoUnit.HOURS));
	}

	private void save(String connection, String servers, String accessToken, String refreshToken, Instant expiry) {
		this.tokenStore.saveAuthorization(new ConnectionToken(connection, "us", servers, servers, refreshToken,
				accessToken, expiry, "ZohoCRM.users.READ", Instant.now(), null));
	}

	/**
	 * {@code plaintext} encrypted as the first release stored tokens ({@code v1:}, the
	 * connection name alone as associated data), with the test key.
	 */
	public static String legacyEncrypt(String plaintext, String connection) {
		try {
			byte[] nonce = new byte[12];
			new SecureRandom().nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE,
					new SecretKeySpec(Base64.getDecoder().decode(ZohoBatchTest.SECRET_KEY), "AES"),
					new GCMParameterSpec(128, nonce));
			cipher.updateAAD(connection.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] stored = new byte[nonce.length + sealed.length];
			System.arraycopy(nonce, 0, stored, 0, nonce.length);
			System.arraycopy(sealed, 0, stored, nonce.length, sealed.length);
			return "v1:" + Base64.getEncoder().encodeToString(stored);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Ids of the connection's users counted as active, in id order. */
	public List<String> activeIds(String connection) {
		return this.jdbc
			.sql("select zoho_user_id from zoho_user_aggregation where connection_name = ? and active "
					+ "order by zoho_user_id")
			.param(connection)
			.query(String.class)
			.list();
	}

	/** The test database. */
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	// the job

	/** A run of the connection, as {@code zoho-users-batch run} starts it. */
	public JobExecution run(String connection) throws Exception {
		return jobRuns().run(connection);
	}

	/**
	 * A run of the connection over the pages {@code prefix1.json} to
	 * {@code prefixN.json}, which must complete.
	 */
	public JobExecution complete(String connection, String prefix, int pages) throws Exception {
		stubPages(prefix, pages);
		JobExecution execution = run(connection);
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		return execution;
	}

	private JobRuns jobRuns() {
		if (this.jobRuns == null) {
			throw new IllegalStateException("Jobs run in the jar's processes here: this fixture only sets the scene");
		}
		return this.jobRuns;
	}

}
