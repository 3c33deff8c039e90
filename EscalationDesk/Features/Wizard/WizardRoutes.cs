namespace EscalationDesk.Features.Wizard;

public static class WizardRoutes
{
    public static string Edit(int id, int step) => $"/escalations/{id}/edit?step={step}";
}
