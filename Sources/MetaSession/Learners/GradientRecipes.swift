import MetaTensor
import MetaNN
import MetaLearn

/// Builds a gradient-based learner for either task type; one small struct per algorithm.
protocol GradientRecipe: Sendable {
    /// The learner for tasks of type `T`, wrapped for the session.
    func learner<T: SessionTask>(_ type: T.Type, _ setup: LearnerSetup, using generator: inout SeededGenerator) -> any SessionLearner
}

extension GradientRecipe {
    /// The registry's `make`: the one place where a task kind picks the task type.
    var make: @Sendable (LearnerSetup, inout SeededGenerator) -> any SessionLearner {
        let recipe = self
        return { setup, generator in
            switch setup.kind {
            case .classification: return recipe.learner(ClassificationTask.self, setup, using: &generator)
            case .regression: return recipe.learner(RegressionTask.self, setup, using: &generator)
            }
        }
    }
}

/// MAML, first-order MAML and ANIL.
struct MAMLRecipe: GradientRecipe {
    var firstOrder = false
    var headOnly = false

    func learner<T: SessionTask>(_ type: T.Type, _ setup: LearnerSetup, using generator: inout SeededGenerator) -> any SessionLearner {
        let hyper = setup.hyper
        let configuration = MAML<T>.Configuration(
            innerSteps: hyper.innerSteps, testInnerSteps: hyper.testSteps, innerLearningRate: Float(hyper.innerLearningRate),
            metaLearningRate: Float(hyper.outerLearningRate), firstOrder: firstOrder || hyper.firstOrder, headOnly: headOnly)
        return GradientLearner(learner: MAML<T>(model: setup.model, configuration: configuration, using: &generator),
                               weightsOf: { $0.metaParameters }, path: { learner, task, steps in
            innerStepPath(from: learner.metaParameters, loop: learner.innerLoop(steps: 1), model: learner.model, task: task, steps: steps)
        }, hasMetaGradient: true, ratesOf: nil)
    }
}

/// θ₀ … θₙ: `start` and the weights after each of `steps` inner steps of `loop` (one step each,
/// no graph kept), for the adaptation views of the learners that adapt by gradient steps.
func innerStepPath<T: SupervisedTask>(from start: Parameters, loop: InnerLoop, model: any Model, task: T, steps: Int) -> [Parameters] {
    var loop = loop
    loop.secondOrder = false
    var path = [start]
    for _ in 0..<steps { path.append(loop.step(path[path.count - 1], model: model, task: task).detached()) }
    return path
}

/// Meta-SGD: α starts uniform in [α/10, 2α] (the paper's [0.005, 0.1] for α = 0.05).
struct MetaSGDRecipe: GradientRecipe {
    func learner<T: SessionTask>(_ type: T.Type, _ setup: LearnerSetup, using generator: inout SeededGenerator) -> any SessionLearner {
        let hyper = setup.hyper
        let alpha = Float(hyper.innerLearningRate)
        let rates = hyper.initialRates.map { Float($0.lowerBound)...Float($0.upperBound) } ?? alpha / 10...alpha * 2
        let configuration = MetaSGD<T>.Configuration(innerSteps: hyper.innerSteps, initialRates: rates,
                                                     metaLearningRate: Float(hyper.outerLearningRate))
        return GradientLearner(learner: MetaSGD<T>(model: setup.model, configuration: configuration, using: &generator),
                               weightsOf: { $0.parameters }, path: { learner, task, steps in
            let loop = InnerLoop(steps: 1, stepSize: .perParameter(learner.learningRates), secondOrder: false)
            return innerStepPath(from: learner.parameters, loop: loop, model: learner.model, task: task, steps: steps)
        }, hasMetaGradient: true, ratesOf: { $0.learningRates })
    }
}

/// Reptile, with Adam (β₁ = 0) in the inner loop as in the paper.
struct ReptileRecipe: GradientRecipe {
    func learner<T: SessionTask>(_ type: T.Type, _ setup: LearnerSetup, using generator: inout SeededGenerator) -> any SessionLearner {
        let hyper = setup.hyper
        let configuration = Reptile<T>.Configuration(innerSteps: hyper.innerSteps, testInnerSteps: hyper.testSteps,
                                                     innerLearningRate: Float(hyper.innerLearningRate),
                                                     initialEpsilon: Float(hyper.outerLearningRate), finalEpsilon: 0)
        return GradientLearner(learner: Reptile<T>(model: setup.model, configuration: configuration, using: &generator),
                               weightsOf: { $0.metaParameters }, path: { learner, task, steps in
            // Adam's state belongs to one run, so each θₖ is a fresh run of k steps.
            [learner.metaParameters] + (1...max(steps, 1)).prefix(steps).map {
                learner.train(learner.metaParameters, on: task, steps: $0).parameters
            }
        }, hasMetaGradient: false, ratesOf: nil)
    }
}

/// The LSTM meta-learner (Ravi & Larochelle): the session's inner-steps, meta-batch and outer-lr
/// over its paper defaults (gate biases, gradient clipping at 0.25).
struct LSTMMetaRecipe: GradientRecipe {
    /// Meta-training stops after this many seconds, so a default run on glyphs stays near a minute.
    var timeLimit: Double? = 45

    /// The LSTM meta-learner for tasks of type `T`, through the shared gradient adapter.
    func learner<T: SessionTask>(_ type: T.Type, _ setup: LearnerSetup, using generator: inout SeededGenerator) -> any SessionLearner {
        let hyper = setup.hyper
        let configuration = LSTMMetaLearner<T>.Configuration(innerSteps: max(hyper.innerSteps, 1),
                                                             metaLearningRate: Float(hyper.outerLearningRate))
        let isGate: @Sendable (String) -> Bool = { LSTMMetaLearner<T>.gateNames.contains($0) }
        return GradientLearner(learner: LSTMMetaLearner<T>(model: setup.model, configuration: configuration, using: &generator),
                               weightsOf: { $0.metaParameters.filter { !isGate($0) } }, path: { learner, task, steps in
            // The gates carry state from step to step, so each θₖ is a fresh run of k steps.
            let meta = learner.metaParameters.detached()
            return [meta.filter { !isGate($0) }] + (0..<steps).map { step in
                var run = learner
                run.configuration.innerSteps = step + 1
                return run.learn(task, metaParameters: meta).parameters.detached()
            }
        }, hasMetaGradient: true, ratesOf: nil, timeLimit: timeLimit)
    }
}
