using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueueFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_AccountId_Severity_EscalatedAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_AccountId_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "AccountId", "Severity", "EscalatedAt", "Status", "OverdueFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "Owner", "Severity", "EscalatedAt", "Status", "OverdueFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_AccountId_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_AccountId_Severity_EscalatedAt_Status",
                table: "Escalations",
                columns: new[] { "AccountId", "Severity", "EscalatedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status",
                table: "Escalations",
                columns: new[] { "Owner", "Severity", "EscalatedAt", "Status" });
        }
    }
}
