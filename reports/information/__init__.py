"""信息报送: a community's information reports to the street office (seed doc 2's 信息员网络), the street's
acknowledgement and answers, 续报 on request, and the counts by category and month."""
