namespace RagAgent.Envs.SmartHome;

/// <summary>The power side of <see cref="SmartHomeEnv"/>: device draw, the circuit breaker and the in-budget start.</summary>
public sealed partial class SmartHomeEnv
{
    private int DeviceDraw(int device) => _online[device] && _on[device] ? (_high[device] ? 2 : 1) : 0;

    /// <summary>The breaker: every online device that draws power is switched off (levels kept).</summary>
    private void TripBreaker()
    {
        _trips++;
        for (int d = 0; d < _options.NumDevices; d++)
        {
            if (DeviceDraw(d) > 0)
            {
                bool matchedBefore = Matches(d);
                _on[d] = false;
                _mismatched -= (Matches(d) ? 1 : 0) - (matchedBefore ? 1 : 0);
                WriteDevice(d);
            }
        }

        _load = 0;
    }

    /// <summary>Switches random powered online devices other than <paramref name="keep"/> off until the load fits.</summary>
    private void SwitchOffUntilWithinBudget(int keep)
    {
        while (_load > _options.PowerBudget)
        {
            int powered = 0;
            for (int d = 0; d < _options.NumDevices; d++)
            {
                powered += d != keep && DeviceDraw(d) > 0 ? 1 : 0;
            }

            int pick = _random.NextInt(powered);
            for (int d = 0; d < _options.NumDevices; d++)
            {
                if (d != keep && DeviceDraw(d) > 0 && pick-- == 0)
                {
                    _load -= DeviceDraw(d);
                    _on[d] = false;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Moves the first online cared device from a random offset off its target: off when its target is on, on when its
    /// target is off (then other devices are switched off until the load fits; one device alone always fits).
    /// </summary>
    private void MoveOneCaredDeviceOffTarget()
    {
        int n = _options.NumDevices;
        int offset = _random.NextInt(n);
        for (int k = 0; k < n; k++)
        {
            int d = (k + offset) % n;
            DeviceSetting target = Scenes.Target(_scene, d);
            if (_online[d] && target != DeviceSetting.Any)
            {
                _load -= DeviceDraw(d);
                _on[d] = target == DeviceSetting.Off;
                _load += DeviceDraw(d);
                SwitchOffUntilWithinBudget(keep: d);
                return;
            }
        }
    }
}
