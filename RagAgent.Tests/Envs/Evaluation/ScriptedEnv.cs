using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Evaluation;

/// <summary>
/// An env whose outcomes are known by construction, whatever the actions: reset with seed <c>s</c>, the task is
/// <c>s mod 3</c> (without a seed, the task after the previous one). Task <c>t</c> lasts <c>t + 2 + extraSteps</c>
/// steps of reward 1. Task 0 reports success on its first step (not its last), task 1 never, task 2 on its last
/// step. With <paramref name="nanSeed"/>, the episode reset with that seed pays NaN on its second step.
/// </summary>
internal sealed class ScriptedEnv(int extraSteps = 0, int? nanSeed = null, int numTasks = 3) : IEnv
{
    private readonly Observation _observation = new(new EnvSpec { Id = "scripted", NumTasks = numTasks, GlobalFeatureSize = 1, ExtraActions = 2 });
    private int _task = -1;
    private int _steps;
    private bool _nanEpisode;

    public EnvSpec Spec => _observation.Spec;

    public static int Length(int task, int extraSteps = 0) => task + 2 + extraSteps;

    public ResetResult Reset(int? seed = null)
    {
        _task = seed is int s ? s % 3 : (_task + 1) % 3;
        _nanEpisode = seed is not null && seed == nanSeed;
        _steps = 0;
        _observation.TaskId = numTasks == 0 ? 0 : _task;
        _observation.Globals[0] = _task;
        return new ResetResult(_observation, default);
    }

    public StepResult Step(int action)
    {
        InvalidActionException.ThrowIfNotAllowed(Spec, action, _observation.ActionMask);
        _steps++;
        bool done = _steps == Length(_task, extraSteps);
        bool success = (_task == 0 && _steps == 1) || (_task == 2 && done);
        float reward = _nanEpisode && _steps == 2 ? float.NaN : 1f;
        return new StepResult(_observation, reward, done, false, new EnvInfo(success));
    }
}
