using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EscalationDesk.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Pgperf_OrderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // How many documents of EscalationSearch hold each lexeme, kept by PostgresFullTextSearch's writes; counted once here.
            migrationBuilder.Sql("""
                CREATE TABLE "EscalationSearchWords" (
                    "Word" text COLLATE "C" PRIMARY KEY,
                    "Documents" integer NOT NULL
                );
                INSERT INTO "EscalationSearchWords" ("Word", "Documents")
                SELECT word, count(*) FROM "EscalationSearch", unnest(tsvector_to_array("Document")) AS word GROUP BY word;
                """);

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ArrAtRiskCents_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_CustomerName_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_EscalatedAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status_CustomerOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt_Status_InternalOverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom_Interna~",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_StatusOrder_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Summary_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Targets_Status",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ArrAtRiskCents_Status_Id",
                table: "Escalations",
                columns: new[] { "ArrAtRiskCents", "Status", "Id" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CustomerName_Status_Id",
                table: "Escalations",
                columns: new[] { "CustomerName", "Status", "Id" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_EscalatedAt_Status_Id",
                table: "Escalations",
                columns: new[] { "EscalatedAt", "Status", "Id" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status_CustomerOverdueFrom_Id",
                table: "Escalations",
                columns: new[] { "NextCustomerDueAt", "Status", "CustomerOverdueFrom", "Id" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsFirst, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt_Status_InternalOverdueFrom_Id",
                table: "Escalations",
                columns: new[] { "NextInternalDueAt", "Status", "InternalOverdueFrom", "Id" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsFirst, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Status_Id",
                table: "Escalations",
                columns: new[] { "Owner", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom_Interna~",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status", "OverdueFrom", "InternalOverdueFrom", "CustomerOverdueFrom", "Id" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsFirst, NullSortOrder.NullsFirst, NullSortOrder.NullsFirst, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_StatusOrder_Status_Id",
                table: "Escalations",
                columns: new[] { "StatusOrder", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Summary_Status_Id",
                table: "Escalations",
                columns: new[] { "Summary", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Targets_Status_Id",
                table: "Escalations",
                columns: new[] { "Targets", "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "EscalationSearchWords";""");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ArrAtRiskCents_Status_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_CustomerName_Status_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_EscalatedAt_Status_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status_CustomerOverdueFrom_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt_Status_InternalOverdueFrom_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Status_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom_Interna~",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_StatusOrder_Status_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Summary_Status_Id",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Targets_Status_Id",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ArrAtRiskCents_Status",
                table: "Escalations",
                columns: new[] { "ArrAtRiskCents", "Status" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CustomerName_Status",
                table: "Escalations",
                columns: new[] { "CustomerName", "Status" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_EscalatedAt_Status",
                table: "Escalations",
                columns: new[] { "EscalatedAt", "Status" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status_CustomerOverdueFrom",
                table: "Escalations",
                columns: new[] { "NextCustomerDueAt", "Status", "CustomerOverdueFrom" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsFirst });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt_Status_InternalOverdueFrom",
                table: "Escalations",
                columns: new[] { "NextInternalDueAt", "Status", "InternalOverdueFrom" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsFirst });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Status",
                table: "Escalations",
                columns: new[] { "Owner", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom_Interna~",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status", "OverdueFrom", "InternalOverdueFrom", "CustomerOverdueFrom" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsFirst, NullSortOrder.NullsFirst, NullSortOrder.NullsLast, NullSortOrder.NullsFirst, NullSortOrder.NullsFirst, NullSortOrder.NullsFirst });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_StatusOrder_Status",
                table: "Escalations",
                columns: new[] { "StatusOrder", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Summary_Status",
                table: "Escalations",
                columns: new[] { "Summary", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Targets_Status",
                table: "Escalations",
                columns: new[] { "Targets", "Status" });
        }
    }
}
