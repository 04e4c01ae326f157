package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Teams are the same team when their names look the same to a reader: each gets the key of
 * its name ({@link DisplayNames#matchKey}), unique from now on. A Java migration because the key
 * is ICU's confusable skeleton, which SQL cannot compute. Teams made before this whose names
 * already collide keep their own team, with the id appended to the key of the later one.
 */
public class V8__Team_name_keys extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table team add column name_key text");
        }
        Set<String> taken = new HashSet<>();
        try (Statement select = connection.createStatement();
             ResultSet teams = select.executeQuery("select id, name from team order by id");
             PreparedStatement update = connection.prepareStatement("update team set name_key = ? where id = ?")) {
            while (teams.next()) {
                long id = teams.getLong(1);
                String key = DisplayNames.matchKey(teams.getString(2));
                if (!taken.add(key)) {
                    key = key + "#" + id;
                    taken.add(key);
                }
                update.setString(1, key);
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table team alter column name_key set not null");
            statement.execute("create unique index team_name_key_unique on team (name_key)");
        }
    }
}
