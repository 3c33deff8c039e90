using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Postgres.Migrations
{
    // The search index takes each write into its tree at once instead of a pending list: with fastupdate (GIN's default)
    // every autosave's words wait in a list that each search reads whole until vacuum merges it, 13 ms of a 35 ms look-up
    // at 100,000 (docs/PERFORMANCE.md, "Similar reports at 100,000 on PostgreSQL"). Whatever is pending now is merged.
    /// <inheritdoc />
    public partial class Similar_SearchIndexWithoutPendingList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER INDEX "IX_EscalationSearch_Document" SET (fastupdate = off);
                SELECT gin_clean_pending_list('"IX_EscalationSearch_Document"'::regclass);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER INDEX "IX_EscalationSearch_Document" RESET (fastupdate);""");
        }
    }
}
