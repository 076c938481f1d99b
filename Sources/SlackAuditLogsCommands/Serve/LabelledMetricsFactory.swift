import CoreMetrics

/// A metrics factory that adds fixed dimensions (`org`) to every metric it makes, before those of the metric: so
/// that the client, rate limiter and shippers of several organizations in one process, whose metrics have fixed
/// names, become separate series of the same families. swift-metrics has no such wrapper; it is a forwarding layer.
struct LabelledMetricsFactory: MetricsFactory {
    let base: any MetricsFactory
    let dimensions: [(String, String)]

    init(base: any MetricsFactory, dimensions: [(String, String)]) {
        self.base = base
        self.dimensions = dimensions
    }

    private func labelled(_ more: [(String, String)]) -> [(String, String)] {
        dimensions + more.filter { extra in !dimensions.contains { $0.0 == extra.0 } }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        base.makeCounter(label: label, dimensions: labelled(dimensions))
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        base.makeFloatingPointCounter(label: label, dimensions: labelled(dimensions))
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        base.makeMeter(label: label, dimensions: labelled(dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        base.makeRecorder(label: label, dimensions: labelled(dimensions), aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        base.makeTimer(label: label, dimensions: labelled(dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        base.destroyFloatingPointCounter(handler)
    }

    func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }

    func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }

    func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
