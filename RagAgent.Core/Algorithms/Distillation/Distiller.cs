using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Vector;

namespace RagAgent.Core.Algorithms.Distillation;

/// <summary>
/// Fits a student actor-critic to a teacher on the teacher's state distribution (with DAgger-style mixing, see
/// <see cref="DistillationOptions.TeacherFraction"/>): each round steps the vector env <c>NumSteps</c> times, the
/// teacher labelling every state with its logits and value, then takes <c>Epochs</c> full-batch Adam steps on
/// <see cref="DistillationLoss"/>. Buffers are allocated once, so a round allocates nothing. The same seed gives the
/// same student.
/// </summary>
public sealed class Distiller
{
    private readonly IActorCritic _teacher;
    private readonly IActorCritic _student;
    private readonly DistillationOptions _options;
    private readonly IPolicyOptimizer _optimizer;
    private readonly EnvRandom _random;
    private readonly int _numActions;
    private readonly ObservationBatch _states;
    private readonly float[] _teacherLogits;
    private readonly float[] _teacherValues;
    private readonly float[] _studentLogits;
    private readonly float[] _studentValues;
    private readonly float[] _logitGradients;
    private readonly float[] _valueGradients;
    private readonly float[] _actLogits;
    private readonly float[] _actValues;
    private readonly int[] _actions;

    /// <summary>Prepares to distil <paramref name="teacher"/> into <paramref name="student"/> (same spec sizes).</summary>
    /// <param name="teacher">The trained policy; only its forward pass is used.</param>
    /// <param name="student">The policy trained in place.</param>
    /// <param name="options">Hyperparameters (validated here).</param>
    /// <param name="seed">Seeds the env resets and the action choices.</param>
    public Distiller(IActorCritic teacher, IActorCritic student, DistillationOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        teacher.Spec.RequireSameShape(student.Spec, nameof(student));
        _teacher = teacher;
        _student = student;
        _options = options;
        Seed = seed;
        _optimizer = student.CreateOptimizer(new OptimizerOptions());
        _random = new EnvRandom(seed);
        _numActions = teacher.Spec.NumActions;
        int rows = options.NumEnvs * options.NumSteps;
        _states = new ObservationBatch(teacher.Spec, rows);
        _teacherLogits = new float[rows * _numActions];
        _teacherValues = new float[rows];
        _studentLogits = new float[rows * _numActions];
        _studentValues = new float[rows];
        _logitGradients = new float[rows * _numActions];
        _valueGradients = new float[rows];
        _actLogits = new float[options.NumEnvs * _numActions];
        _actValues = new float[options.NumEnvs];
        _actions = new int[options.NumEnvs];
    }

    /// <summary>The seed of the env resets and action choices.</summary>
    public int Seed { get; }

    /// <summary>The student being trained.</summary>
    public IActorCritic Student => _student;

    /// <summary>
    /// Runs rounds until at least <paramref name="totalSteps"/> env steps are collected.
    /// </summary>
    /// <param name="envs">A vector env with the teacher's spec sizes and <see cref="DistillationOptions.NumEnvs"/> copies.</param>
    /// <param name="totalSteps">Env steps to collect (all copies), at least 1.</param>
    /// <param name="onRound">Called after each round, or null.</param>
    /// <returns>The last round's figures.</returns>
    public DistillationProgress Run(IVectorEnv envs, long totalSteps, Action<DistillationProgress>? onRound = null)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        _teacher.Spec.RequireSameShape(envs.Spec, nameof(envs));
        if (envs.NumEnvs != _options.NumEnvs)
        {
            throw new ArgumentException($"envs has {envs.NumEnvs} copies; DistillationOptions.NumEnvs is {_options.NumEnvs}.", nameof(envs));
        }

        VectorStepResult step = envs.Reset(Seed);
        long steps = 0;
        DistillationProgress progress = default;
        while (steps < totalSteps)
        {
            step = Collect(envs, step);
            steps += _options.NumEnvs * _options.NumSteps;
            progress = Train(steps);
            onRound?.Invoke(progress);
        }

        return progress;
    }

    private VectorStepResult Collect(IVectorEnv envs, VectorStepResult step)
    {
        int numEnvs = _options.NumEnvs;
        int perStep = numEnvs * _numActions;
        for (int t = 0; t < _options.NumSteps; t++)
        {
            ObservationBatch observations = step.Observations;
            int first = t * numEnvs;
            Span<float> teacherLogits = _teacherLogits.AsSpan(first * _numActions, perStep);
            _teacher.Forward(observations, numEnvs, teacherLogits, _teacherValues.AsSpan(first, numEnvs));
            _student.Forward(observations, numEnvs, _actLogits, _actValues);
            for (int i = 0; i < numEnvs; i++)
            {
                observations.CopyRowTo(i, _states, first + i);
                ReadOnlySpan<float> logits = _random.NextFloat() < _options.TeacherFraction
                    ? teacherLogits.Slice(i * _numActions, _numActions)
                    : _actLogits.AsSpan(i * _numActions, _numActions);
                ReadOnlySpan<bool> mask = observations.ActionMask(i);
                _actions[i] = _options.SampleActions
                    ? MaskedCategorical.Sample(logits, mask, _random, out _)
                    : MaskedCategorical.Mode(logits, mask);
            }

            step = envs.Step(_actions);
        }

        return step;
    }

    private DistillationProgress Train(long steps)
    {
        int rows = _states.Capacity;
        ReadOnlySpan<bool> masks = _states.ActionMasks.AsSpan(0, rows * _numActions);
        float agreement = 0f;
        (float Kl, float ValueLoss) loss = default;
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            _student.Forward(_states, rows, _studentLogits, _studentValues);
            if (epoch == 0)
            {
                agreement = Agreement(masks);
            }

            loss = DistillationLoss.Compute(
                _teacherLogits, _studentLogits, masks, _numActions, _teacherValues, _studentValues, _options.ValueCoef, _logitGradients, _valueGradients);
            _optimizer.ZeroGrad();
            _student.Backward(_logitGradients, _valueGradients);
            _optimizer.ClipGradNorm(_options.MaxGradNorm);
            _optimizer.Step(_options.LearningRate);
        }

        return new DistillationProgress(steps, loss.Kl, loss.ValueLoss, agreement);
    }

    private float Agreement(ReadOnlySpan<bool> masks)
    {
        int rows = _states.Capacity;
        int same = 0;
        for (int r = 0; r < rows; r++)
        {
            int offset = r * _numActions;
            ReadOnlySpan<bool> mask = masks.Slice(offset, _numActions);
            if (MaskedCategorical.Mode(_teacherLogits.AsSpan(offset, _numActions), mask) == MaskedCategorical.Mode(_studentLogits.AsSpan(offset, _numActions), mask))
            {
                same++;
            }
        }

        return (float)same / rows;
    }
}
