import MetaLesson

/// `expect PATH OP VALUE`: a lesson's claim about a result, where VALUE is a number or
/// another path. A failed claim is counted and reported as an error (it stops a script).
enum Expectation {
    /// A claim that did not hold.
    struct Failed: Error, CustomStringConvertible {
        let claim: String
        let got: String
        var description: String { "expected \(claim), but \(got)" }
    }

    static func check(_ arguments: ExpectArguments, _ context: inout SessionContext) throws {
        let path = arguments.path, comparison = arguments.comparison, right = arguments.value
        let claim = "\(path) \(comparison.rawValue) \(right)"
        let left: Double, target: Double
        do {
            left = try context.state.results.number(at: path)
            target = try Double(right).map { $0 } ?? numberAt(right, context)
        } catch {
            context.state.checks.failed += 1
            throw error
        }
        let tolerance = arguments.tolerance
        let holds = comparison.holds(left, target, tolerance: tolerance)
        let shown = Double(right) == nil ? " (\(right) = \(ResultValue.format(target)))" : ""
        if holds {
            context.state.checks.passed += 1
            context.console.line(context.console.style.apply(.dim, to: "✓ \(claim): \(path) = \(ResultValue.format(left))\(shown)"))
        } else {
            context.state.checks.failed += 1
            throw Failed(claim: claim, got: "\(path) = \(ResultValue.format(left))\(shown)")
        }
    }

    private static func numberAt(_ text: String, _ context: SessionContext) throws -> Double {
        guard text.contains(".") || (try? context.state.results.get(text)) != nil else { throw SessionError.notAValue(text) }
        return try context.state.results.number(at: text)
    }
}
