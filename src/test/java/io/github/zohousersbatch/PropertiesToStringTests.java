package io.github.zohousersbatch;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every properties object of this application, as bound from a configuration holding a
 * client secret and a token key, prints neither: properties objects end up in logs,
 * failure analyses and debuggers.
 */
@ZohoBatchTest
class PropertiesToStringTests {

	@Autowired
	ApplicationContext context;

	@Test
	void noPropertiesObjectShowsASecret() {
		Map<String, Object> properties = this.context.getBeansWithAnnotation(ConfigurationProperties.class);
		Map<String, Object> ours = new java.util.TreeMap<>();
		properties.forEach((name, bean) -> {
			if (bean.getClass().getPackageName().startsWith("io.github.zohousersbatch")) {
				ours.put(bean.getClass().getSimpleName(), bean);
			}
		});

		assertThat(ours).containsKeys("ZohoProperties", "HttpProperties", "JobProperties");
		ours.forEach((name, bean) -> assertThat(bean.toString()).as(name)
			.doesNotContain(ZohoBatchTest.CLIENT_SECRET)
			.doesNotContain(ZohoBatchTest.SECRET_KEY)
			.doesNotContain(ZohoBatchTest.SECRET_KEY.substring(0, 12)));
		assertThat(ours.get("ZohoProperties").toString()).contains("secretKey=(set)").contains("clientId=");
	}

}
