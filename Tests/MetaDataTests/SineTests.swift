import Foundation
import MetaData
import MetaTensor
import Testing

@Suite struct SineTests {
    @Test func tasksFollowTheirCurveWithinTheStandardRanges() {
        var generator = SeededGenerator(seed: 10)
        for task in SineTasks().sampleBatch(200, shots: 10, queries: 15, using: &generator) {
            #expect(task.supportX.shape == [10, 1] && task.supportY.shape == [10, 1])
            #expect(task.queryX.shape == [15, 1] && task.queryY.shape == [15, 1])
            #expect((0.1...5.0).contains(task.amplitude) && (0...Float.pi).contains(task.phase))
            #expect((task.supportX.scalars + task.queryX.scalars).allSatisfy { (-5...5).contains($0) })
            for (x, y) in zip(task.supportX.scalars, task.supportY.scalars) {
                #expect(abs(y - task.amplitude * sin(x - task.phase)) < 1e-5)
                #expect(task.value(at: x) == y)
            }
        }
    }

    @Test func sameSeedSameTasks() {
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        let first = SineTasks().sample(shots: 5, queries: 5, using: &a)
        let second = SineTasks().sample(shots: 5, queries: 5, using: &b)
        #expect(first.supportX.scalars == second.supportX.scalars && first.queryY.scalars == second.queryY.scalars)
        #expect(first.amplitude == second.amplitude && first.phase == second.phase)
    }
}
