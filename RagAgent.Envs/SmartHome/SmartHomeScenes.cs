using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.SmartHome;

/// <summary>
/// The target scenes of a smart-home world. Each scene is a variant of an archetype ("movie-night", "away",
/// "morning", "dinner", "work", "party") that fixes a setting per device kind; a variant replaces the setting of
/// some devices by a random one or by "any". Every scene fits the home's power budget: while the target draw of a
/// scene (2 per high target, 1 per low target, 0 for off and any) exceeds <see cref="SmartHomeOptions.PowerBudget"/>,
/// a randomly chosen high target is downgraded to low (and, only once no high target is left, a low target to off).
/// </summary>
public sealed class SmartHomeScenes
{
    private static readonly string[] ArchetypeNames = ["movie-night", "away", "morning", "dinner", "work", "party"];

    // Per archetype, the setting of each kind in DeviceKind order: light, blind, media, climate.
    private static readonly DeviceSetting[][] Archetypes =
    [
        [DeviceSetting.Low, DeviceSetting.Off, DeviceSetting.High, DeviceSetting.Low],
        [DeviceSetting.Off, DeviceSetting.Off, DeviceSetting.Off, DeviceSetting.Off],
        [DeviceSetting.High, DeviceSetting.High, DeviceSetting.Low, DeviceSetting.High],
        [DeviceSetting.Low, DeviceSetting.High, DeviceSetting.Low, DeviceSetting.High],
        [DeviceSetting.High, DeviceSetting.High, DeviceSetting.Off, DeviceSetting.Low],
        [DeviceSetting.High, DeviceSetting.Off, DeviceSetting.High, DeviceSetting.High],
    ];

    private readonly DeviceSetting[] _targets;
    private readonly string[] _names;

    private SmartHomeScenes(int numDevices, DeviceSetting[] targets, string[] names)
    {
        NumDevices = numDevices;
        _targets = targets;
        _names = names;
    }

    /// <summary>Number of devices.</summary>
    public int NumDevices { get; }

    /// <summary>Number of scenes.</summary>
    public int NumScenes => _names.Length;

    /// <summary>Kind of <paramref name="device"/> (<c>device mod 4</c>).</summary>
    public static DeviceKind Kind(int device) => (DeviceKind)(device % 4);

    /// <summary>Setting that <paramref name="scene"/> asks of <paramref name="device"/>.</summary>
    public DeviceSetting Target(int scene, int device) => _targets[(scene * NumDevices) + device];

    /// <summary>Name of <paramref name="scene"/>, for example <c>movie-night-2</c>.</summary>
    public string Name(int scene) => _names[scene];

    /// <summary>Power drawn by <paramref name="setting"/>: 0 for off (and any), 1 for low, 2 for high.</summary>
    public static int Draw(DeviceSetting setting) => setting switch
    {
        DeviceSetting.Low => 1,
        DeviceSetting.High => 2,
        _ => 0,
    };

    /// <summary>Total target draw of <paramref name="scene"/> over all devices ("any" draws 0).</summary>
    public int TargetDraw(int scene)
    {
        int draw = 0;
        for (int d = 0; d < NumDevices; d++)
        {
            draw += Draw(Target(scene, d));
        }

        return draw;
    }

    /// <summary>
    /// Draws the scenes of <paramref name="options"/> from <paramref name="random"/>, then downgrades targets of scenes
    /// above <see cref="SmartHomeOptions.PowerBudget"/> (those draws come after all the scene draws, so a scene within
    /// the budget is the same for any budget).
    /// </summary>
    public static SmartHomeScenes Generate(SmartHomeOptions options, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        int n = options.NumDevices;
        var targets = new DeviceSetting[options.NumScenes * n];
        string[] names = new string[options.NumScenes];
        for (int s = 0; s < options.NumScenes; s++)
        {
            int archetype = s % Archetypes.Length;
            names[s] = $"{ArchetypeNames[archetype]}-{s / Archetypes.Length}";
            for (int d = 0; d < n; d++)
            {
                DeviceSetting setting = Archetypes[archetype][(int)Kind(d)];
                if (random.NextFloat() < options.VariationProbability)
                {
                    setting = (DeviceSetting)random.NextInt(4);
                }

                targets[(s * n) + d] = setting;
            }
        }

        for (int s = 0; s < options.NumScenes; s++)
        {
            FitBudget(targets.AsSpan(s * n, n), options.PowerBudget, random);
        }

        return new SmartHomeScenes(n, targets, names);
    }

    private static void FitBudget(Span<DeviceSetting> scene, float budget, EnvRandom random)
    {
        int draw = 0;
        foreach (DeviceSetting setting in scene)
        {
            draw += Draw(setting);
        }

        while (draw > budget)
        {
            DeviceSetting from = scene.Contains(DeviceSetting.High) ? DeviceSetting.High : DeviceSetting.Low;
            int pick = random.NextInt(scene.Count(from));
            for (int d = 0; d < scene.Length; d++)
            {
                if (scene[d] == from && pick-- == 0)
                {
                    scene[d] = from == DeviceSetting.High ? DeviceSetting.Low : DeviceSetting.Off;
                    break;
                }
            }

            draw--;
        }
    }
}
