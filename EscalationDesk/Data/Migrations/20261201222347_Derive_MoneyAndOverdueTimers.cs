using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class Derive_MoneyAndOverdueTimers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_NextCustomerOverdueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_NextInternalDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.RenameColumn(
                name: "ArrAtRisk",
                table: "Escalations",
                newName: "ArrAtRiskCents");

            migrationBuilder.RenameIndex(
                name: "IX_Escalations_ArrAtRisk_Status",
                table: "Escalations",
                newName: "IX_Escalations_ArrAtRiskCents_Status");

            migrationBuilder.AlterColumn<long>(
                name: "ArrAtRiskCents",
                table: "Escalations",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CustomerOverdueFrom",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "InternalOverdueFrom",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status_CustomerOverdueFrom",
                table: "Escalations",
                columns: new[] { "NextCustomerDueAt", "Status", "CustomerOverdueFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt_Status_InternalOverdueFrom",
                table: "Escalations",
                columns: new[] { "NextInternalDueAt", "Status", "InternalOverdueFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_CustomerOverdueFrom",
                table: "Escalations",
                columns: new[] { "StatusOrder", "CustomerOverdueFrom" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_InternalOverdueFrom",
                table: "Escalations",
                columns: new[] { "StatusOrder", "InternalOverdueFrom" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_PrimaryTarget_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "PrimaryTarget", "Severity", "EscalatedAt", "Status", "OverdueFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom_InternalOverdueFrom_CustomerOverdueFrom",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status", "OverdueFrom", "InternalOverdueFrom", "CustomerOverdueFrom" });

            // ARR was stored in dollars as REAL; it is now whole cents. Converted here so an upgrade through `dotnet ef database
            // update` is right too; the start-up backfill (AddsQueueColumns) derives it again from the content either way.
            migrationBuilder.Sql("UPDATE \"Escalations\" SET \"ArrAtRiskCents\" = CAST(round(\"ArrAtRiskCents\" * 100) AS INTEGER) WHERE \"ArrAtRiskCents\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status_CustomerOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt_Status_InternalOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_CustomerOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_InternalOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_PrimaryTarget_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom_InternalOverdueFrom_CustomerOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "CustomerOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "InternalOverdueFrom",
                table: "Escalations");

            migrationBuilder.RenameColumn(
                name: "ArrAtRiskCents",
                table: "Escalations",
                newName: "ArrAtRisk");

            migrationBuilder.RenameIndex(
                name: "IX_Escalations_ArrAtRiskCents_Status",
                table: "Escalations",
                newName: "IX_Escalations_ArrAtRisk_Status");

            migrationBuilder.AlterColumn<double>(
                name: "ArrAtRisk",
                table: "Escalations",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status",
                table: "Escalations",
                columns: new[] { "NextCustomerDueAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt_Status",
                table: "Escalations",
                columns: new[] { "NextInternalDueAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_NextCustomerOverdueAt",
                table: "Escalations",
                columns: new[] { "StatusOrder", "NextCustomerOverdueAt" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_NextInternalDueAt",
                table: "Escalations",
                columns: new[] { "StatusOrder", "NextInternalDueAt" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status", "OverdueFrom" });

            migrationBuilder.Sql("UPDATE \"Escalations\" SET \"ArrAtRisk\" = \"ArrAtRisk\" / 100.0 WHERE \"ArrAtRisk\" IS NOT NULL;");
        }
    }
}
