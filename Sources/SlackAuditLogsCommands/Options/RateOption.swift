import ArgumentParser

/// `--rate`, which `logs` and `collect` share: the calls per minute the client's rate limiter allows.
struct RateOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Calls per minute, at most 50 (Slack's limit for the whole organization; lower it when other apps call "
                + "the Audit Logs API too). A job of up to that many calls goes at full speed."
        )
    )
    var rate: Double = 50

    /// Refuses a rate Slack would not allow; more than 50 is for a simulator on this machine (a loopback base URL),
    /// as the benchmarks use.
    func validate(loopback: Bool) throws {
        let ceiling = loopback ? 1_000_000 : 50
        guard rate.isFinite, rate >= 1, rate <= Double(ceiling) else {
            throw ValidationError(
                "--rate must be from 1 to \(ceiling) calls per minute, got \(rate)"
                    + (loopback ? "." : " (more than 50 is allowed only against a simulator on 127.0.0.1).")
            )
        }
    }
}
