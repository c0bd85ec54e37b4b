/** Reading a bundle server's /metrics: Prometheus text parsed, /predict counted apart, latency quantiles estimated. */
import { describe, expect, it } from 'vitest';
import { histogramQuantile, parsePrometheus, serverStats } from '../../../electron/deploy/serving-metrics';

const TEXT = `# HELP bundle_model_info The model this server scores with.
# TYPE bundle_model_info gauge
bundle_model_info{name="churn \\"v\\"",version="1"} 1
bundle_http_requests_total{route="/predict",status="200"} 18
bundle_http_requests_total{route="/predict",status="400"} 2
bundle_http_requests_total{route="/metrics",status="200"} 40
bundle_http_errors_total{route="/predict"} 2
bundle_http_errors_total{route="other"} 1
bundle_http_request_duration_seconds_bucket{route="/predict",le="0.001"} 0
bundle_http_request_duration_seconds_bucket{route="/predict",le="0.0025"} 10
bundle_http_request_duration_seconds_bucket{route="/predict",le="0.005"} 19
bundle_http_request_duration_seconds_bucket{route="/predict",le="+Inf"} 20
bundle_http_request_duration_seconds_sum{route="/predict"} 0.05
bundle_http_request_duration_seconds_count{route="/predict"} 20
bundle_http_request_duration_seconds_bucket{route="/metrics",le="+Inf"} 40
bundle_rows_scored_total 35
`;

describe('a bundle server’s /metrics', () => {
  it('parses samples with their labels, unescaping quotes', () => {
    const samples = parsePrometheus(TEXT);
    expect(samples[0]).toEqual({ name: 'bundle_model_info', labels: { name: 'churn "v"', version: '1' }, value: 1 });
    expect(samples.find((s) => s.labels.le === '+Inf')!.value).toBe(20);
  });

  it('counts /predict only, and estimates p50 and p95 within their buckets', () => {
    const stats = serverStats(TEXT, new Date('2026-01-01T00:00:00Z'));
    expect(stats).toMatchObject({ requests: 20, errors: 2, rows: 35, readAt: '2026-01-01T00:00:00.000Z' });
    // Rank 10 of 20 ends the (1 ms, 2.5 ms] bucket; rank 19 ends the (2.5 ms, 5 ms] bucket.
    expect(stats.p50Ms).toBeCloseTo(2.5, 6);
    expect(stats.p95Ms).toBeCloseTo(5, 6);
  });

  it('reads the candidate\'s counters when there is one, and none otherwise', () => {
    expect(serverStats(TEXT)).toMatchObject({ arms: null, shadow: null });
    const withCandidate = `${TEXT}bundle_arm_rows_total{arm="production"} 30\nbundle_arm_rows_total{arm="candidate"} 5\nbundle_shadow_rows_total{agreement="agree"} 7\nbundle_shadow_rows_total{agreement="error"} 1\n`;
    expect(serverStats(withCandidate)).toMatchObject({ arms: { production: 30, candidate: 5 }, shadow: { agree: 7, disagree: 0, error: 1 } });
  });

  it('has no latency before the first request, and caps a quantile in +Inf at the highest bound', () => {
    expect(serverStats('bundle_rows_scored_total 0\n')).toMatchObject({ requests: 0, p50Ms: null, p95Ms: null });
    expect(histogramQuantile(0.5, [{ le: 0.01, count: 1 }, { le: Infinity, count: 10 }])).toBe(0.01);
    expect(histogramQuantile(0.5, [{ le: 0.01, count: 4 }, { le: Infinity, count: 4 }])).toBeCloseTo(0.005, 9);
  });
});
