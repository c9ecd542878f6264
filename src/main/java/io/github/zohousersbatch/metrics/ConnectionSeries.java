package io.github.zohousersbatch.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;

/**
 * One connection's series of the process's registry: those whose {@code connection} label
 * names it. A fleet process runs many connections at once; each one's text file and
 * Pushgateway group must hold its own series only (the textfile collector refuses a
 * series that two files hold, the Pushgateway one whose label contradicts the group's).
 */
final class ConnectionSeries implements MultiCollector {

	private final PrometheusRegistry registry;

	private final String connection;

	ConnectionSeries(PrometheusRegistry registry, String connection) {
		this.registry = registry;
		this.connection = connection;
	}

	@Override
	public MetricSnapshots collect() {
		List<MetricSnapshot> kept = new ArrayList<>();
		for (MetricSnapshot metric : this.registry.scrape()) {
			List<DataPointSnapshot> points = new ArrayList<>();
			for (DataPointSnapshot point : metric.getDataPoints()) {
				if (this.connection.equals(point.getLabels().get("connection"))) {
					points.add(point);
				}
			}
			if (!points.isEmpty()) {
				kept.add(copy(metric, points));
			}
		}
		return new MetricSnapshots(kept);
	}

	@SuppressWarnings("unchecked")
	private static MetricSnapshot copy(MetricSnapshot metric, List<DataPointSnapshot> points) {
		MetricMetadata metadata = metric.getMetadata();
		Collection<?> raw = points;
		if (metric instanceof CounterSnapshot) {
			return new CounterSnapshot(metadata, (Collection<CounterSnapshot.CounterDataPointSnapshot>) raw);
		}
		if (metric instanceof GaugeSnapshot) {
			return new GaugeSnapshot(metadata, (Collection<GaugeSnapshot.GaugeDataPointSnapshot>) raw);
		}
		if (metric instanceof HistogramSnapshot histogram) {
			return new HistogramSnapshot(histogram.isGaugeHistogram(), metadata,
					(Collection<HistogramSnapshot.HistogramDataPointSnapshot>) raw);
		}
		if (metric instanceof SummarySnapshot) {
			return new SummarySnapshot(metadata, (Collection<SummarySnapshot.SummaryDataPointSnapshot>) raw);
		}
		if (metric instanceof InfoSnapshot) {
			return new InfoSnapshot(metadata, (Collection<InfoSnapshot.InfoDataPointSnapshot>) raw);
		}
		if (metric instanceof StateSetSnapshot) {
			return new StateSetSnapshot(metadata, (Collection<StateSetSnapshot.StateSetDataPointSnapshot>) raw);
		}
		return new UnknownSnapshot(metadata, (Collection<UnknownSnapshot.UnknownDataPointSnapshot>) raw);
	}

}
